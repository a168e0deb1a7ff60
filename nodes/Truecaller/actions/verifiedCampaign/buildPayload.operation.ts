import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { issuesToJson } from '../../../shared/output';
import { formatIssueList } from '../../../shared/validation';
import { TRUECALLER_CREDENTIAL } from '../../transport';
import { readCampaignItems } from './campaignItems';
import { withPreviews } from './previewBinary';
import type { CampaignOptions } from './VerifiedCampaign.resource';

/** Enough of the token to tell two credentials apart, never enough to use it. */
function maskToken(token: string): string {
	return token.length <= 4 ? '****' : `****${token.slice(-4)}`;
}

/**
 * The exact requests Send would post, validated, with the token masked, and a picture of each
 * campaign as the phone shows it (invalid ones too, their problems marked); nothing is sent.
 */
export async function execute(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const options = context.getNodeParameter('options', 0, {}) as CampaignOptions;
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
	return await withPreviews(context, output, built);
}
