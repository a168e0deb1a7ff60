import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { PLATFORM_SECRET_NOTICE } from '../nodes/TruecallerAudience/trigger/senders';

/**
 * A WebEngage account's License Code and Webhook Secret Key: WebEngage's webhook URLs carry
 * `licenseCode` and `secret` (the MD5 hex of `<licenseCode>:<Webhook Secret Key>`), and the
 * Truecaller Audience Trigger refuses a request whose pair does not match. No credential test:
 * nothing can reach WebEngage to try it. The trigger checks it is complete when the workflow is
 * published or listens for a test event.
 */
// eslint-disable-next-line @n8n/community-nodes/credential-test-required -- it verifies requests to n8n's own webhook, as the webhook secret credentials do (untested too): the platform offers nothing to try it against, and n8n would show a completeness check as a tested connection
export class WebEngageWebhookApi implements ICredentialType {
	name = 'webEngageWebhookApi';

	displayName = 'WebEngage Webhook Secret API';

	icon: Icon = {
		light: 'file:../nodes/Truecaller/truecaller.svg',
		dark: 'file:../nodes/Truecaller/truecaller.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-truecaller/n8n-nodes-truecaller/blob/main/docs/engagement-platforms.md#webengage';

	properties: INodeProperties[] = [
		PLATFORM_SECRET_NOTICE,
		{
			displayName: 'License Code',
			name: 'licenseCode',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. ~2024c5a1',
			description: "Your WebEngage account's license code (WebEngage dashboard, Account Setup)",
		},
		{
			displayName: 'Webhook Secret Key',
			name: 'webhookSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'From the WebEngage dashboard: Data Platform, Integrations, Webhooks. Never sent anywhere: requests carry only its MD5 with the license code.',
		},
	];
}
