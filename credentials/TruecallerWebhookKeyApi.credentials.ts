import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import {
	MIN_SECRET_LENGTH,
	URL_KEY_PARAM,
	WEBHOOK_SECRET_NOTICE,
} from '../nodes/shared/webhook/auth';

/**
 * The secret key a Truecaller or True Pulse Trigger (version 2) expects in its URL (`?key=...`).
 * No credential test: nothing can reach the senders to try it. The trigger checks its form when
 * the workflow is published or listens for a test event.
 */
// eslint-disable-next-line @n8n/community-nodes/credential-test-required -- it authenticates requests to n8n's own webhook, as n8n's Header Auth and Basic Auth do (untested too): a passed form check is not a tested connection, and n8n would show it as one
export class TruecallerWebhookKeyApi implements ICredentialType {
	name = 'truecallerWebhookKeyApi';

	// eslint-disable-next-line n8n-nodes-base/cred-class-field-display-name-missing-api -- not an API: a secret n8n checks on requests to its own webhook
	displayName = 'Incoming Webhook Secret Key (Truecaller, True Pulse)';

	icon: Icon = {
		light: 'file:../nodes/Truecaller/truecaller.svg',
		dark: 'file:../nodes/Truecaller/truecaller.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-truecaller/n8n-nodes-truecaller#webhook-secrets';

	properties: INodeProperties[] = [
		WEBHOOK_SECRET_NOTICE,
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: `At least ${MIN_SECRET_LENGTH} random letters and digits. The sender calls the webhook URL followed by ?${URL_KEY_PARAM}=&lt;this key&gt;.`,
		},
	];
}
