import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { MIN_SECRET_LENGTH, WEBHOOK_SECRET_NOTICE } from '../nodes/shared/webhook/auth';

/**
 * The HTTP Basic user and password the sender uses on every webhook request, for a Truecaller or
 * True Pulse Trigger (version 2). Tested by the triggers (testedBy): the test checks the form only.
 */
export class TruecallerWebhookBasicAuthApi implements ICredentialType {
	name = 'truecallerWebhookBasicAuthApi';

	displayName = 'Truecaller Webhook Basic Auth API';

	icon: Icon = {
		light: 'file:../nodes/Truecaller/truecaller.svg',
		dark: 'file:../nodes/Truecaller/truecaller.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-truecaller/n8n-nodes-truecaller#webhook-secrets';

	properties: INodeProperties[] = [
		WEBHOOK_SECRET_NOTICE,
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: `At least ${MIN_SECRET_LENGTH} random characters`,
		},
	];
}
