import type {
	IDataObject,
	INodeParameters,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { DEFAULT_COUNTRY_CODE } from '../shared/phone';
import {
	AUTHENTICATED,
	DEDUP_OPTIONS,
	REGISTERED_BY_HAND,
	answer,
	answerAfterRun,
	authSettings,
	dedupStore,
	rawRequest,
	refuseUnauthenticated,
} from '../shared/webhook/triggerContext';
import { afterRunResponse, decideTruePulseRequest } from './trigger/webhook';
import {
	PASTE_URL_HTML,
	credentialShownFor,
	pasteUrlNotice,
	webhookAuthProperties,
} from '../shared/webhook/auth';
import {
	PATH_FIELD,
	pathProperty,
	resolvePath,
	withNativeResolvers,
} from '../shared/webhook/description';

const AFTER_SUCCESS = 'afterSuccess';

/** n8n answers after the run in acknowledge-after-success mode: the template and its resolver. */
const RESPONSE_MODE_FIELD = `={{$parameter["options"]["acknowledge"] === "${AFTER_SUCCESS}" ? "lastNode" : "onReceived"}}`;
const resolveResponseMode = (parameters: INodeParameters) =>
	(parameters.options as IDataObject | undefined)?.acknowledge === AFTER_SUCCESS
		? 'lastNode'
		: 'onReceived';

export class TruePulseTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'True Pulse Trigger',
		name: 'truePulseTrigger',
		icon: { light: 'file:truepulse.svg', dark: 'file:truepulse.dark.svg' },
		group: ['trigger'],
		// Version 2 keeps the webhook secret in a credential; version 1 workflows keep their parameters.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: 'Call ended',
		// n8n's node search merges this trigger with the True Pulse node into one entry and shows this
		// description for both, so it names what each does.
		description:
			'Send call-end events to True Pulse, or start a workflow on every True Pulse call-end webhook',
		defaults: { name: 'True Pulse Trigger' },
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
		webhooks: [
			withNativeResolvers(
				{
					name: 'default',
					httpMethod: 'POST',
					responseMode: RESPONSE_MODE_FIELD,
					// Empty, so that n8n answers with the body webhook() returns (its default is a placeholder).
					responseData: '',
					path: PATH_FIELD,
					isFullPath: true,
				},
				{ path: resolvePath, responseMode: resolveResponseMode },
			),
		],
		triggerPanel: {
			header: 'Set the Production URL as the call-end webhook of your telephony system',
			executionsHelp: {
				inactive: `Copy the <b>Production URL</b> (under <b>Webhook URLs</b> in the parameters; with Secret Key in URL, paste <code>${PASTE_URL_HTML}</code>) and set it as the end-of-call webhook of your telephony system, method POST, JSON. Publish the workflow. While building, use the Test URL and click "Listen for test event": a request this node refuses shows here with the reason.`,
				active:
					'Every ended call POSTed to the <b>Production URL</b> is answered {"status":"SUCCESS"} and starts one execution; a repeated tpCallID is answered SUCCESS and starts nothing; an invalid payload is answered {"status":"ERROR"} naming every problem.',
			},
			activationHint: {
				inactive:
					'The URL for the telephony system is the Production URL (Parameters, Webhook URLs). Publish the workflow to receive calls.',
				active:
					'The URL for the telephony system is the Production URL (Parameters, Webhook URLs).',
			},
		},
		properties: [
			pasteUrlNotice('telephony system, as its call-end webhook'),
			pathProperty('truepulse'),
			...webhookAuthProperties(
				'none',
				'The True Pulse spec needs no authentication, so anyone who knows this URL can start the workflow. Add a secret if the sender supports one.',
			),
			{
				displayName: 'Default Country Code',
				name: 'defaultCountryCode',
				type: 'string',
				default: DEFAULT_COUNTRY_CODE,
				description: 'Used to turn the national caller and DID numbers into E.164 (+91...)',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Acknowledge',
						name: 'acknowledge',
						type: 'options',
						options: [
							{
								name: 'Immediately',
								value: 'immediately',
								description: 'Answer SUCCESS as soon as the call is accepted',
							},
							{
								name: 'After the Workflow Succeeds',
								value: AFTER_SUCCESS,
								description:
									'Answer SUCCESS only when the whole workflow finished without error, ERROR otherwise, so the sender retries',
							},
						],
						default: 'immediately',
					},
					...DEDUP_OPTIONS,
				],
			},
		],
	};

	webhookMethods = {
		// True Pulse has no API to register webhooks: the URL is configured in the telephony system.
		default: REGISTERED_BY_HAND,
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = rawRequest(this);
		let auth = AUTHENTICATED;
		if (this.getNode().typeVersion === 1) auth = authSettings(this);
		else {
			const refusal = await refuseUnauthenticated(this, request);
			if (refusal) {
				const response = { status: 'ERROR', message: refusal.reason };
				return answer(this, { status: refusal.status, response }, undefined);
			}
		}
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const afterRun = options.acknowledge === AFTER_SUCCESS;
		const dedup = dedupStore(this, options);
		const decision = decideTruePulseRequest(
			request,
			{
				auth,
				countryCode: String(
					this.getNodeParameter('defaultCountryCode', DEFAULT_COUNTRY_CODE),
				).trim(),
				commitAfterRun: afterRun,
				dedup,
			},
			Date.now(),
		);
		if (!afterRun) return answer(this, decision, dedup);
		return answerAfterRun(this, decision, dedup, (succeeded) =>
			afterRunResponse(succeeded, (decision.claimedIds as string[])[0]),
		);
	}
}
