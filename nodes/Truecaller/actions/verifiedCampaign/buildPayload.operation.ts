import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { issuesToJson } from '../../../shared/output';
import { formatIssueList } from '../../../shared/validation';
import {
	type DeliveryOptionValues,
	deliveryOptionProperties,
} from '../../../shared/delivery/options';
import { TRUECALLER_CREDENTIAL, TRUECALLER_DELIVERY } from '../../transport';
import { readCampaignItems } from './campaignItems';
import { withPreviews } from './previewBinary';
import { BUILD_PAYLOAD, CAMPAIGN_RESOURCE } from '../names';
import { hashReceiversOption } from './common.descriptions';

interface BuildPayloadOptions extends DeliveryOptionValues {
	hashReceivers?: boolean;
}

/** Build Payload's own parameters; the campaign fields it shares with Send are in common.descriptions. */
export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: [CAMPAIGN_RESOURCE], operation: [BUILD_PAYLOAD] } },
	[
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: deliveryOptionProperties(TRUECALLER_DELIVERY, [hashReceiversOption]),
		},
	],
);

/** Enough of the token to tell two credentials apart, never enough to use it. */
function maskToken(token: string): string {
	return token.length <= 4 ? '****' : `****${token.slice(-4)}`;
}

/**
 * The exact requests Send would post, validated, with the token masked, and a picture of each
 * campaign as the phone shows it (invalid ones too, their problems marked); nothing is sent.
 */
export async function execute(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const options = context.getNodeParameter('options', 0, {}) as BuildPayloadOptions;
	const built = readCampaignItems(context, options.hashReceivers === true);
	const credentials = await context.getCredentials(TRUECALLER_CREDENTIAL);
	const headers = {
		'Content-Type': 'application/json',
		'X-Org-ID': String(credentials.orgId ?? ''),
		'X-Org-Token': maskToken(String(credentials.webhookToken ?? '')),
	};
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
			json: {
				valid: true,
				method: 'POST',
				url: String(credentials.endpointUrl),
				headers,
				body: payload as unknown as IDataObject,
			},
			pairedItem: { item: itemIndex },
		}));
	});
	return withPreviews(output, built);
}
