/**
 * Reads every input item into validated campaign payloads, the part Send and Build Payload share:
 * whatever one of them would send, the other shows.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	type CampaignPayload,
	type CampaignRequest,
	buildCampaigns,
	cellOf,
	splitTemplateJson,
} from '../../campaign/campaign';
import { errorItem, issuesToJson, stopIfInvalid } from '../../../shared/output';
import { type ValidationIssue, formatIssueList } from '../../../shared/validation';
import { readContentParameters } from '../../campaign/fields';
import { type CampaignCell, WIRE, findCell } from '../../campaign/matrix';
import { checkCountryCode } from '../../../shared/phone';

export interface CampaignItem {
	itemIndex: number;
	payloads: CampaignPayload[];
	issues: ValidationIssue[];
	/** The content as read (wire keys, valid or not), for the preview. */
	content: Record<string, unknown>;
}

function readRequest(
	context: IExecuteFunctions,
	itemIndex: number,
	issues: ValidationIssue[],
): CampaignRequest {
	const additional = context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const nodeProfile: Record<string, unknown> = {
		[WIRE.campaignId]: context.getNodeParameter('campaignId', itemIndex),
	};
	if (additional.campaignName) nodeProfile[WIRE.campaignName] = additional.campaignName;
	if (additional.campaignType) nodeProfile[WIRE.campaignType] = additional.campaignType;
	const receivers = context.getNodeParameter('receivers', itemIndex);

	let profile: Record<string, unknown> = nodeProfile;
	let content: Record<string, unknown>;
	let cell: CampaignCell | undefined;
	if (context.getNodeParameter('contentMode', itemIndex) === 'json') {
		const template = splitTemplateJson(context.getNodeParameter('templateJson', itemIndex));
		issues.push(...template.issues);
		// The node's campaign id and receivers win; the template's other profile values are kept.
		const templateProfile = { ...template.profile };
		delete templateProfile[WIRE.receiverNumber];
		profile = { ...templateProfile, ...nodeProfile };
		content = template.content;
		cell = cellOf(content);
	} else {
		cell = findCell(
			context.getNodeParameter('displayUnit', itemIndex),
			context.getNodeParameter('templateStyle', itemIndex),
		);
		if (!cell)
			throw new NodeOperationError(context.getNode(), 'Unknown display unit or template style', {
				itemIndex,
			});
		content = readContentParameters(cell, (name) => context.getNodeParameter(name, itemIndex, ''));
	}
	if (additional.ttl !== undefined) content = { ...content, [WIRE.ttl]: additional.ttl };
	return { profile, receivers, content, cell };
}

/** The Default Country Code parameter's problem, or undefined. */
export function countryCodeIssue(countryCode: string): ValidationIssue | undefined {
	const problem = checkCountryCode(countryCode);
	if (!problem) return undefined;
	return {
		field: 'Default Country Code',
		rule: 'format',
		value: countryCode,
		message: `Field "Default Country Code" ${problem}`,
	};
}

export function readCampaignItems(
	context: IExecuteFunctions,
	hashReceivers: boolean,
): CampaignItem[] {
	return context.getInputData().map((_, itemIndex) => {
		const issues: ValidationIssue[] = [];
		const countryCode = String(
			context.getNodeParameter('defaultCountryCode', itemIndex, '91'),
		).trim();
		const countryIssue = countryCodeIssue(countryCode);
		if (countryIssue) return { itemIndex, payloads: [], content: {}, issues: [countryIssue] };
		const request = readRequest(context, itemIndex, issues);
		const built = buildCampaigns(request, { countryCode, hashReceivers });
		issues.push(...built.issues);
		return {
			itemIndex,
			payloads: issues.length > 0 ? [] : built.payloads,
			issues,
			content: request.content,
		};
	});
}

/**
 * The invalid items of a sending run, refused the same way by Send and Send in Bulk: without
 * continueOnFail the run stops before its first request; with it, each becomes an error item.
 */
export function refuseInvalidItems(
	context: IExecuteFunctions,
	what: string,
	items: Array<{ itemIndex: number; issues: ValidationIssue[] }>,
): INodeExecutionData[] {
	const invalid = items.filter((item) => item.issues.length > 0);
	stopIfInvalid(
		context,
		what,
		invalid.map(({ itemIndex, issues }) => ({
			itemIndex,
			firstProblem: issues[0].message,
			allProblems: formatIssueList(issues, itemIndex),
		})),
	);
	return invalid.map(({ itemIndex, issues }) =>
		errorItem(itemIndex, formatIssueList(issues, itemIndex), { errors: issuesToJson(issues) }),
	);
}
