import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import {
	MIN_SECRET_LENGTH,
	URL_KEY_PARAM,
	WEBHOOK_SECRET_NOTICE,
} from '../nodes/shared/webhook/auth';

/**
 * The secret key a Truecaller or True Pulse Trigger (version 2) expects in its URL (`?key=...`).
 * Tested by the triggers (testedBy): the test checks the key's form, nothing can try it remotely.
 */
export class TruecallerWebhookKeyApi implements ICredentialType {
	name = 'truecallerWebhookKeyApi';

	displayName = 'Truecaller Webhook Secret Key API';

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
