import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { EVENT_KINDS, type TruecallerEventKind } from './trigger/events';
import { decideTruecallerRequest } from './trigger/webhook';
import {
	AUTHENTICATED,
	DEDUP_OPTIONS,
	REGISTERED_BY_HAND,
	answer,
	authSettings,
	dedupStore,
	rawRequest,
	refuseUnauthenticated,
} from '../shared/webhook/triggerContext';
import {
	PASTE_URL,
	PASTE_URL_HTML,
	URL_KEY_PARAM,
	credentialShownFor,
	pasteUrlNotice,
	webhookAuthProperties,
} from '../shared/webhook/auth';
import { pathProperty, receivedWebhook } from '../shared/webhook/description';
import { chosenNamesSubtitle } from '../shared/subtitle';

export class TruecallerTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Truecaller Trigger',
		name: 'truecallerTrigger',
		icon: { light: 'file:truecaller.svg', dark: 'file:truecaller.dark.svg' },
		group: ['trigger'],
		// Version 2 keeps the webhook secret in a credential; version 1 workflows keep their parameters.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: chosenNamesSubtitle('events', EVENT_KINDS),
		// n8n's node search merges this trigger with the Truecaller node into one entry and shows this
		// description for both, so it names what each does.
		description:
			'Send Truecaller for Business Verified Campaigns, or start a workflow on Call Me Back, User Feedback and campaign events',
		defaults: { name: 'Truecaller Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'truecallerWebhookKeyApi',
				required: true,
				...credentialShownFor('urlKey'),
			},
			{
				name: 'truecallerWebhookHeaderApi',
				required: true,
				...credentialShownFor('header'),
			},
			{
				name: 'truecallerWebhookBasicAuthApi',
				required: true,
				...credentialShownFor('basic'),
			},
		],
		webhooks: [receivedWebhook()],
		triggerPanel: {
			header: `Paste into the Truecaller console: ${PASTE_URL}`,
			executionsHelp: {
				inactive: `In the Truecaller for Business console open <b>Webhooks</b> and paste <code>${PASTE_URL_HTML}</code>: the Production URL (under <b>Webhook URLs</b> in the parameters) followed by <code>?${URL_KEY_PARAM}=</code> and the Secret Key set in this node. Save there, then publish this workflow. While building, paste the Test URL the same way and click "Listen for test event": the console's <b>Test Webhook</b> button sends a Call Me Back event, and a request this node refuses shows here with the reason.`,
				active: `Truecaller delivers to <code>${PASTE_URL_HTML}</code>. Every accepted event is answered 200 at once; repeats of an event ID are answered 200 and start nothing.`,
			},
			// n8n renders the activation hint as HTML and the header as text.
			activationHint: {
				inactive: `The URL for Truecaller is the Production URL (Parameters, Webhook URLs) followed by ?${URL_KEY_PARAM}=&lt;your secret key&gt;. Publish the workflow to receive events.`,
				active: `The URL for Truecaller is the Production URL (Parameters, Webhook URLs) followed by ?${URL_KEY_PARAM}=&lt;your secret key&gt;.`,
			},
		},
		properties: [
			pasteUrlNotice('Truecaller for Business console (Webhooks)'),
			pathProperty('truecaller'),
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENT_KINDS,
				default: ['callMeBack', 'userFeedback', 'campaignInteraction'],
				description: 'Events not selected are answered 200 and start nothing',
			},
			...webhookAuthProperties(
				'urlKey',
				'Anyone who knows this URL can start the workflow: Truecaller signs nothing. Prefer a Secret Key in URL.',
			),
			{
				displayName: 'User Feedback Event Type',
				name: 'userFeedbackEventType',
				type: 'string',
				default: '',
				placeholder: 'e.g. feedback',
				description:
					'Truecaller does not publish the event_type of User Feedback. Empty: every event that is neither Call Me Back nor a campaign interaction counts as User Feedback. Set: only this event_type does; others are answered 200 and ignored.',
				displayOptions: { show: { events: ['userFeedback'] } },
			},
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
		// Truecaller has no API to register webhooks: the URL is pasted into its console by hand.
		default: REGISTERED_BY_HAND,
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = rawRequest(this);
		let auth = AUTHENTICATED;
		if (this.getNode().typeVersion === 1) auth = authSettings(this);
		else {
			const refusal = await refuseUnauthenticated(this, request);
			if (refusal) {
				const response = { status: 'error', message: refusal.reason };
				return answer(this, { status: refusal.status, response }, undefined);
			}
		}
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const dedup = dedupStore(this, options);
		const decision = decideTruecallerRequest(
			request,
			{
				auth,
				events: this.getNodeParameter('events', []) as TruecallerEventKind[],
				userFeedbackEventType: String(this.getNodeParameter('userFeedbackEventType', '')).trim(),
				dedup,
			},
			Date.now(),
		);
		return answer(this, decision, dedup);
	}
}
