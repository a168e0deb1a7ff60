import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { MIN_SECRET_LENGTH, WEBHOOK_SECRET_NOTICE } from '../nodes/shared/webhook/auth';

/**
 * A header the sender adds to every webhook request, for a Truecaller or True Pulse Trigger
 * (version 2). Tested by the triggers (testedBy): the test checks the form, nothing can try it remotely.
 */
export class TruecallerWebhookHeaderApi implements ICredentialType {
	name = 'truecallerWebhookHeaderApi';

	displayName = 'Truecaller Webhook Header Auth API';

	icon: Icon = {
		light: 'file:../nodes/Truecaller/truecaller.svg',
		dark: 'file:../nodes/Truecaller/truecaller.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-truecaller/n8n-nodes-truecaller#webhook-secrets';

	properties: INodeProperties[] = [
		WEBHOOK_SECRET_NOTICE,
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'X-Webhook-Key',
			required: true,
		},
		{
			displayName: 'Header Value',
			name: 'headerSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: `At least ${MIN_SECRET_LENGTH} random characters`,
		},
	];
}
