import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { PLATFORM_SECRET_NOTICE } from '../nodes/TruecallerAudience/trigger/senders';

/**
 * The Shared Secret of a Segment Webhooks or Webhooks (Actions) destination: Segment signs every
 * request with it (X-Signature), and the Truecaller Audience Trigger refuses what it did not sign.
 * No credential test: nothing can reach Segment to try it. The trigger checks it is complete when
 * the workflow is published or listens for a test event.
 */
// eslint-disable-next-line @n8n/community-nodes/credential-test-required -- it verifies requests to n8n's own webhook, as the webhook secret credentials do (untested too): the platform offers nothing to try it against, and n8n would show a completeness check as a tested connection
export class SegmentWebhookApi implements ICredentialType {
	name = 'segmentWebhookApi';

	displayName = 'Segment Webhook Shared Secret API';

	icon: Icon = {
		light: 'file:../nodes/Truecaller/truecaller.svg',
		dark: 'file:../nodes/Truecaller/truecaller.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-truecaller/n8n-nodes-truecaller/blob/main/docs/engagement-platforms.md#segment';

	properties: INodeProperties[] = [
		PLATFORM_SECRET_NOTICE,
		{
			displayName: 'Shared Secret',
			name: 'sharedSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"The same value as the Shared Secret in the Segment destination's settings (Webhooks: Connection Settings; Webhooks (Actions): Settings, Advanced Settings)",
		},
	];
}
