import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	type CampaignPayload,
	type CampaignRequest,
	type ValidationIssue,
	buildCampaigns,
	formatIssues,
	splitTemplateJson,
} from '../../campaign/campaign';
import { readContentParameters } from '../../campaign/fields';
import { WIRE, findDisplayUnit, findTemplateStyle } from '../../campaign/matrix';
import { type HttpResponse, type Verdict, deliverAll } from '../../../shared/delivery/engine';
import { type DeliveryOptionValues, deliveryPolicy } from '../../../shared/delivery/options';
import { errorItem, inInputOrder, issuesToJson, outcomeJson, posterFor, stopIfInvalid, throwUnlessAllDelivered } from '../../../shared/output';
import { checkCountryCode } from '../../../shared/phone';
import { BUILD_PAYLOAD, CAMPAIGN_DELIVERY } from './VerifiedCampaign.resource';

export const CREDENTIAL = 'truecallerApi';

interface CampaignOptions extends DeliveryOptionValues {
	hashReceivers?: boolean;
}

interface BuiltItem {
	itemIndex: number;
	payloads: CampaignPayload[];
	issues: ValidationIssue[];
}

/** 2xx accepted; 429, 408 and 5xx retried; 401/403 stop the run; any other 4xx is final. */
export function classifyTruecallerResponse({ statusCode }: HttpResponse): Verdict {
	if (statusCode >= 200 && statusCode < 300) return 'success';
	if (statusCode === 401 || statusCode === 403) return 'abort';
	if (statusCode === 429 || statusCode === 408 || statusCode >= 500) return 'retry';
	return 'final';
}

export function tokenRejectedMessage({ statusCode, body }: HttpResponse): string {
	const detail = body === undefined || body === '' ? '' : ` Truecaller said: ${JSON.stringify(body)}`;
	return `Truecaller rejected the webhook token (HTTP ${statusCode}): was it regenerated? Copy the new token from Verified Campaign > Webhook Setup into the credential.${detail}`;
}

function readRequest(context: IExecuteFunctions, itemIndex: number, issues: ValidationIssue[]): CampaignRequest {
	const additional = context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const nodeProfile: Record<string, unknown> = { [WIRE.campaignId]: context.getNodeParameter('campaignId', itemIndex) };
	if (additional.campaignName) nodeProfile[WIRE.campaignName] = additional.campaignName;
	if (additional.campaignType) nodeProfile[WIRE.campaignType] = additional.campaignType;
	const receivers = context.getNodeParameter('receivers', itemIndex);

	let profile: Record<string, unknown> = nodeProfile;
	let content: Record<string, unknown>;
	if (context.getNodeParameter('contentMode', itemIndex) === 'json') {
		const template = splitTemplateJson(context.getNodeParameter('templateJson', itemIndex));
		issues.push(...template.issues);
		// The node's campaign id and receivers win; the template's other profile values are kept.
		const { [WIRE.receiverNumber]: _templateReceiver, ...templateProfile } = template.profile;
		profile = { ...templateProfile, ...nodeProfile };
		content = template.content;
	} else {
		const unit = findDisplayUnit(context.getNodeParameter('displayUnit', itemIndex));
		const style = findTemplateStyle(context.getNodeParameter('templateStyle', itemIndex));
		if (!unit || !style) throw new NodeOperationError(context.getNode(), 'Unknown display unit or template style', { itemIndex });
		content = readContentParameters(unit, style.wire, (name) => context.getNodeParameter(name, itemIndex, ''));
	}
	if (additional.ttl !== undefined) content = { ...content, [WIRE.ttl]: additional.ttl };
	return { profile, receivers, content };
}

function buildItems(context: IExecuteFunctions, hashReceivers: boolean): BuiltItem[] {
	return context.getInputData().map((_, itemIndex) => {
		const issues: ValidationIssue[] = [];
		const countryCode = String(context.getNodeParameter('defaultCountryCode', itemIndex, '91')).trim();
		const countryProblem = checkCountryCode(countryCode);
		if (countryProblem) {
			return {
				itemIndex,
				payloads: [],
				issues: [{ field: 'Default Country Code', rule: 'format', value: countryCode, message: `Field "Default Country Code" ${countryProblem}` }],
			};
		}
		const request = readRequest(context, itemIndex, issues);
		const built = buildCampaigns(request, { countryCode, hashReceivers });
		issues.push(...built.issues);
		return { itemIndex, payloads: issues.length > 0 ? [] : built.payloads, issues };
	});
}

function maskToken(token: string): string {
	return token.length <= 4 ? '****' : `****${token.slice(-4)}`;
}

async function buildPayloadItems(context: IExecuteFunctions, built: BuiltItem[]): Promise<INodeExecutionData[]> {
	const credentials = await context.getCredentials(CREDENTIAL);
	const headers = {
		'Content-Type': 'application/json',
		'X-Org-ID': String(credentials.orgId ?? ''),
		'X-Org-Token': maskToken(String(credentials.webhookToken ?? '')),
	};
	return built.flatMap(({ itemIndex, payloads, issues }): INodeExecutionData[] => {
		if (issues.length > 0) {
			return [{ json: { valid: false, errors: issuesToJson(issues), message: formatIssues(issues, itemIndex) }, pairedItem: { item: itemIndex } }];
		}
		return payloads.map((payload) => ({
			json: { valid: true, method: 'POST', url: String(credentials.endpointUrl), headers, body: payload as unknown as IDataObject },
			pairedItem: { item: itemIndex },
		}));
	});
}

export async function executeCampaign(context: IExecuteFunctions, operation: string): Promise<INodeExecutionData[]> {
	const options = context.getNodeParameter('options', 0, {}) as CampaignOptions;
	const built = buildItems(context, options.hashReceivers === true);
	if (operation === BUILD_PAYLOAD) return await buildPayloadItems(context, built);

	const continueOnFail = context.continueOnFail();
	const invalid = built.filter((item) => item.issues.length > 0);
	stopIfInvalid(
		context,
		'campaign',
		invalid.map(({ itemIndex, issues }) => ({ itemIndex, firstProblem: issues[0].message, allProblems: formatIssues(issues, itemIndex) })),
	);
	const post = await posterFor(context, CREDENTIAL, 'Webhook Endpoint URL', options.timeout ?? 30000);

	const jobs = built.flatMap(({ itemIndex, payloads }) => payloads.map((payload) => ({ itemIndex, payload })));
	const policy = deliveryPolicy(options, CAMPAIGN_DELIVERY, { classify: classifyTruecallerResponse, abortMessage: tokenRejectedMessage });
	const outcomes = await deliverAll(jobs, (job) => post(job.payload), policy);

	const results = jobs.map((job, index) => ({
		outcome: outcomes[index],
		itemIndex: job.itemIndex,
		label: `receiver ${job.payload.profile.receiver_number}`,
	}));
	if (!continueOnFail) throwUnlessAllDelivered(context, results);

	const output: INodeExecutionData[] = invalid.map(({ itemIndex, issues }) =>
		errorItem(itemIndex, formatIssues(issues, itemIndex), { errors: issuesToJson(issues) }),
	);
	results.forEach(({ outcome, itemIndex }, index) => {
		const { payload } = jobs[index];
		const json: IDataObject = {
			receiver: payload.profile.receiver_number,
			campaignId: payload.profile.campaign_id,
			displayUnit: payload.content[WIRE.displayUnit],
			templateStyle: payload.content[WIRE.templateStyle],
			...outcomeJson(outcome),
		};
		if (options.includePayload) json.payload = payload as unknown as IDataObject;
		output.push({ json, pairedItem: { item: itemIndex } });
	});
	return inInputOrder(output);
}
