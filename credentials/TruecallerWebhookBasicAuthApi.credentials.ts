import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { MIN_SECRET_LENGTH, WEBHOOK_SECRET_NOTICE } from '../nodes/shared/webhook/auth';

/**
 * The HTTP Basic user and password the sender uses on every webhook request, for a Truecaller or
 * True Pulse Trigger (version 2). No credential test: nothing can reach the senders to try it. The
 * trigger checks its form when the workflow is published or listens for a test event.
 */
// eslint-disable-next-line @n8n/community-nodes/credential-test-required -- it authenticates requests to n8n's own webhook, as n8n's Header Auth and Basic Auth do (untested too): a passed form check is not a tested connection, and n8n would show it as one
export class TruecallerWebhookBasicAuthApi implements ICredentialType {
	name = 'truecallerWebhookBasicAuthApi';

	// eslint-disable-next-line n8n-nodes-base/cred-class-field-display-name-missing-api -- not an API: a secret n8n checks on requests to its own webhook
	displayName = 'Incoming Webhook Basic Auth (Truecaller, True Pulse)';

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
