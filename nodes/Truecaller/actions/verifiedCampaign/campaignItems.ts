/**
 * Reads every input item into validated campaign payloads, the part Send and Build Payload share:
 * whatever one of them would send, the other shows.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	type CampaignPayload,
	type CampaignRequest,
	buildCampaigns,
	cellOf,
	splitTemplateJson,
} from '../../campaign/campaign';
import type { ValidationIssue } from '../../../shared/validation';
import { readContentParameters } from '../../campaign/fields';
import { type CampaignCell, WIRE, findCell } from '../../campaign/matrix';
import { DEFAULT_COUNTRY_CODE, checkCountryCode } from '../../../shared/phone';

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
			context.getNodeParameter('defaultCountryCode', itemIndex, DEFAULT_COUNTRY_CODE),
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
