import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { platformCredential, unusablePlatformCredential } from './trigger/platformCredential';
import { decideAudienceRequest } from './trigger/requests';
import { type AudiencePlatform, checkProof, missingProof } from './trigger/senders';
import {
	DEDUP_OPTIONS,
	answer,
	dedupStore,
	rawRequest,
	registeredByHand,
} from '../shared/webhook/triggerContext';
import { pathProperty, receivedWebhook } from '../shared/webhook/description';
import { refuseMethod } from '../shared/webhook/request';

const PLATFORMS: Array<{ name: string; value: AudiencePlatform; description: string }> = [
	{
		name: 'Segment',
		value: 'segment',
		description:
			'Webhooks or Webhooks (Actions) destination; every request signed with the Shared Secret (X-Signature)',
	},
	{
		name: 'WebEngage',
		value: 'webEngage',
		description:
			'Journey Webhook channel or data-platform webhook; the URL carries licenseCode and secret',
	},
];

const shownFor = (platform: AudiencePlatform) => ({
	displayOptions: { show: { platform: [platform] } },
});

/**
 * Verification lives here, in the trigger, so that it cannot be left out: a request is checked
 * against the platform's secret (from a credential) before anything else is read, and one that
 * fails is answered 401 without starting a run, as n8n's own GitHub and Stripe triggers do.
 */
export class TruecallerAudienceTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Truecaller Audience Trigger',
		name: 'truecallerAudienceTrigger',
		icon: {
			light: 'file:../Truecaller/truecaller.svg',
			dark: 'file:../Truecaller/truecaller.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: `={{ ${JSON.stringify(Object.fromEntries(PLATFORMS.map((p) => [p.value, p.name])))}[$parameter["platform"]] }}`,
		description:
			'Start a workflow on Segment or WebEngage webhooks, each request verified the way its platform signs it, to send Truecaller Verified Campaigns',
		defaults: { name: 'Truecaller Audience Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'segmentWebhookApi', required: true, ...shownFor('segment') },
			{ name: 'webEngageWebhookApi', required: true, ...shownFor('webEngage') },
		],
		webhooks: [receivedWebhook()],
		triggerPanel: {
			header: 'Paste the Production URL into the platform (see the notice in the parameters)',
			executionsHelp: {
				inactive:
					'Paste the Production URL (under <b>Webhook URLs</b> in the parameters) into the platform as the notice says, then publish this workflow. While building, paste the Test URL the same way and click "Listen for test event": a request this node refuses shows here with the reason.',
				active:
					"Every request proven to be the platform's own is answered 200 at once; one with a wrong or missing signature is answered 401 and starts nothing; repeated ids are answered 200 and start nothing.",
			},
			activationHint:
				'Paste the Production URL (Parameters, Webhook URLs) into the platform. Publish the workflow to receive its requests.',
		},
		properties: [
			{
				displayName: 'Platform',
				name: 'platform',
				type: 'options',
				noDataExpression: true,
				options: PLATFORMS,
				default: 'segment',
			},
			{
				displayName:
					"In Segment, add a <b>Webhooks (Actions)</b> destination (or <b>Webhooks</b>), set its URL to <b>the Production URL</b> (Webhook URLs, above) and its <b>Shared Secret</b> to the one in this node's credential. Each call becomes one item; batches are split.",
				name: 'segmentNotice',
				type: 'notice',
				default: '',
				...shownFor('segment'),
			},
			{
				displayName:
					"In WebEngage, post to <b>the Production URL</b> (Webhook URLs, above). A data-platform webhook adds <code>licenseCode</code> and <code>secret</code> itself; in a journey's Webhook channel append <code>?licenseCode=&lt;code&gt;&amp;secret=&lt;MD5 hex of code:Webhook Secret Key&gt;</code> to the URL.",
				name: 'webEngageNotice',
				type: 'notice',
				default: '',
				...shownFor('webEngage'),
			},
			pathProperty('truecaller-audience'),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: DEDUP_OPTIONS,
			},
		],
	};

	webhookMethods = {
		// Neither platform has an API to register webhooks: the URL is pasted into its dashboard by hand.
		default: registeredByHand(unusablePlatformCredential),
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = rawRequest(this);
		const platform = this.getNodeParameter('platform', 'segment') as AudiencePlatform;
		const refusal =
			refuseMethod(request) ??
			missingProof(platform, request) ??
			checkProof(platform, request, await platformCredential(this));
		if (refusal)
			return answer(
				this,
				{ status: refusal.status, response: { status: 'error', message: refusal.reason } },
				undefined,
			);
		const dedup = dedupStore(this, this.getNodeParameter('options', {}) as IDataObject);
		return answer(this, decideAudienceRequest(platform, request, dedup, Date.now()), dedup);
	}
}
