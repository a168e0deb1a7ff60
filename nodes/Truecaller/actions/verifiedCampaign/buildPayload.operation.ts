import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	NodeExecutionHint,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { issuesToJson } from '../../../shared/output';
import { type ValidationIssue, formatIssueList } from '../../../shared/validation';
import { readCampaignItems } from './campaignItems';
import { withPreviews } from './previewBinary';
import { BUILD_PAYLOAD, CAMPAIGN_RESOURCE } from '../names';
import { hashReceiversOption } from './common.descriptions';

interface BuildPayloadOptions {
	hashReceivers?: boolean;
}

/** Build Payload's own parameters; the campaign fields it shares with Send are in common.descriptions. */
export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: [CAMPAIGN_RESOURCE], operation: [BUILD_PAYLOAD] } },
	[
		{
			displayName:
				'Sends nothing, so no credential is needed: each body is what Send posts to the Webhook Endpoint URL of its credential. Invalid campaigns are listed in a warning above the output. Each item carries its campaign picture as an SVG (binary property <code>preview</code>): n8n shows SVG files as a download, so download it and open it in a browser.',
			name: 'buildPayloadNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [hashReceiversOption],
		},
	],
);

/** Warnings named per item, as many as fit on the output pane; the rest are counted. */
const HINTED_ITEMS = 5;

function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The warnings n8n shows above the output: a run whose campaigns are invalid must not read as a
 * plain success (n8n renders a hint's message as HTML, so the user's values are escaped).
 */
export function invalidCampaignHints(
	items: Array<{ itemIndex: number; issues: ValidationIssue[] }>,
): NodeExecutionHint[] {
	const invalid = items.filter((item) => item.issues.length > 0);
	const hints: NodeExecutionHint[] = invalid
		.slice(0, HINTED_ITEMS)
		.map(({ itemIndex, issues }) => ({
			type: 'warning',
			location: 'outputPane',
			message: `Invalid campaign, Send would refuse it. ${escapeHtml(formatIssueList(issues, itemIndex)).replace(/\n/g, '<br>')}`,
		}));
	if (invalid.length > HINTED_ITEMS)
		hints.push({
			type: 'warning',
			location: 'outputPane',
			message: `${invalid.length - HINTED_ITEMS} more invalid items: see <code>valid: false</code> and <code>message</code> in the output`,
		});
	return hints;
}

/**
 * The exact bodies Send would post, validated, and a picture of each campaign as the phone shows
 * it (invalid ones too, their problems marked); nothing is sent.
 */
export async function execute(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const options = context.getNodeParameter('options', 0, {}) as BuildPayloadOptions;
	const built = readCampaignItems(context, options.hashReceivers === true);
	const output = built.flatMap(({ itemIndex, payloads, issues }): INodeExecutionData[] => {
		if (issues.length > 0) {
			return [
				{
					json: {
						valid: false,
						errors: issuesToJson(issues),
						message: formatIssueList(issues, itemIndex),
					},
					pairedItem: { item: itemIndex },
				},
			];
		}
		return payloads.map((payload) => ({
			json: { valid: true, body: payload as unknown as IDataObject },
			pairedItem: { item: itemIndex },
		}));
	});
	const hints = invalidCampaignHints(built);
	if (hints.length > 0) context.addExecutionHints(...hints);
	return await withPreviews(context, output, built);
}
