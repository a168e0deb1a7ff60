import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { DEFAULT_BULK_BASE_URL } from '../nodes/Truecaller/bulkTransport';

/**
 * Truecaller for Business API keys, for the Verified Campaigns Bulk API (Send in Bulk). The node
 * obtains an access token with them once per run; n8n's generic authentication cannot, since the
 * token comes from a call of its own. Tested by the Truecaller node (testedBy): the test obtains a
 * token and sends nothing. See docs/bulk.md, "Credential".
 */
export class TruecallerBulkApi implements ICredentialType {
	name = 'truecallerBulkApi';

	displayName = 'Truecaller for Business Bulk API';

	icon: Icon = {
		light: 'file:../nodes/Truecaller/truecaller.svg',
		dark: 'file:../nodes/Truecaller/truecaller.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-truecaller/n8n-nodes-truecaller#verified-campaign-send-in-bulk';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BULK_BASE_URL,
			required: true,
			description:
				"The enterprise portal API host of your organisation's region (the default is the non-EU one). Must be https (http only for localhost).",
		},
		{
			displayName: 'Organisation ID',
			name: 'organisationId',
			type: 'string',
			default: '',
			required: true,
			description: 'From the console, API Setup page',
		},
		// Not secret on its own, but half of the key pair: kept out of sight like the secret.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'Key ID',
			name: 'keyId',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "From the console's Manage API Keys page",
		},
		{
			displayName: 'Secret API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"From the console's Manage API Keys page (shown once, when the key is created). Exchanged for an access token valid 60 minutes; never sent anywhere else.",
		},
	];
}
