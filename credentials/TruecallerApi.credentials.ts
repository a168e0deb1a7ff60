import type { IAuthenticateGeneric, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { DEFAULT_ENDPOINT } from '../nodes/Truecaller/transport';

/**
 * Truecaller for Business "Webhook Setup" details. Tested by the Truecaller node (testedBy), because
 * a useful test must read a 4xx validation answer as "token accepted", which a declarative test
 * cannot express. See README, "Credentials".
 */
export class TruecallerApi implements ICredentialType {
	name = 'truecallerApi';

	displayName = 'Truecaller for Business API';

	icon: Icon = {
		light: 'file:../nodes/Truecaller/truecaller.svg',
		dark: 'file:../nodes/Truecaller/truecaller.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-truecaller/n8n-nodes-truecaller#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Webhook Endpoint URL',
			name: 'endpointUrl',
			type: 'string',
			default: DEFAULT_ENDPOINT,
			required: true,
			description:
				'From the Truecaller for Business console, Verified Campaign > Webhook Setup. Must be https (http only for localhost).',
		},
		{
			displayName: 'Organisation ID',
			name: 'orgId',
			type: 'string',
			default: '',
			required: true,
			description: 'Sent as the X-Org-ID header',
		},
		{
			displayName: 'Webhook Token',
			name: 'webhookToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Sent as the X-Org-Token header. Regenerating it in the console invalidates the old one at once.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-Org-ID': '={{$credentials.orgId}}',
				'X-Org-Token': '={{$credentials.webhookToken}}',
			},
		},
	};
}
