/**
 * What a user reads in n8n's editor: canvas subtitles, action names, hints and placeholders per
 * cell, the URL to paste, and what a refused test event shows. The browser test
 * (test/browser/editor.test.js) checks the same on screen in real n8n.
 */
import type { INodeParameters, INodeProperties, INodeType } from 'n8n-workflow';

import { TruePulse } from '../../nodes/TruePulse/TruePulse.node';
import { TruePulseTrigger } from '../../nodes/TruePulse/TruePulseTrigger.node';
import { Truecaller } from '../../nodes/Truecaller/Truecaller.node';
import { TruecallerTrigger } from '../../nodes/Truecaller/TruecallerTrigger.node';
import { TruecallerAudienceTrigger } from '../../nodes/TruecallerAudience/TruecallerAudienceTrigger.node';
import { CALL_END_FIELDS } from '../../nodes/TruePulse/callEnd';
import {
	DISPLAY_UNITS,
	TEMPLATE_STYLES,
	fieldName,
	imageSizeHint,
} from '../../nodes/Truecaller/campaign/matrix';
import { forgetAllDedupStores } from '../../nodes/shared/webhook/dedupStore';
import { evaluateOnNode } from '../support/expressionEngine';
import { callWebhook } from '../support/harness';

/**
 * A node's canvas subtitle as n8n resolves it: the `={{ ... }}` expression evaluated by
 * n8n-workflow's expression engine, `$parameter` being the node's parameters in a workflow.
 */
function subtitle(node: INodeType, parameters: INodeParameters): string {
	const text = node.description.subtitle as string;
	expect(text).toMatch(/^=\{\{[\s\S]*\}\}$/);
	return evaluateOnNode(node, parameters, text, 1).value as string;
}

describe('canvas subtitles show display names', () => {
	it.each([
		[
			new Truecaller(),
			{ resource: 'verifiedCampaign', operation: 'send' },
			'Send Verified Campaign',
		],
		[
			new Truecaller(),
			{ resource: 'verifiedCampaign', operation: 'buildPayload' },
			'Build Verified Campaign Payload',
		],
		[
			new Truecaller(),
			{ resource: 'audience', operation: 'fromCleverTapWebhook' },
			'Audience from CleverTap',
		],
		[
			new Truecaller(),
			{ resource: 'audience', operation: 'fromSegmentEvent' },
			'Audience from Segment',
		],
		[
			new Truecaller(),
			{ resource: 'audience', operation: 'fromWebEngageWebhook' },
			'Audience from WebEngage',
		],
		[new TruePulse(), { resource: 'callEndEvent', operation: 'send' }, 'Send Call-End Event'],
		[new TruecallerAudienceTrigger(), {}, 'Segment'],
		[new TruecallerAudienceTrigger(), { platform: 'webEngage' }, 'WebEngage'],
		[new TruecallerTrigger(), { events: ['callMeBack'] }, 'Call Me Back'],
		[
			new TruecallerTrigger(),
			{ events: ['callMeBack', 'userFeedback', 'campaignInteraction'] },
			'Call Me Back, User Feedback, Campaign Interactions',
		],
	] as const)('%#: %p reads %p', (node, parameters, expected) => {
		expect(subtitle(node as INodeType, parameters as INodeParameters)).toBe(expected);
	});
});

describe('names and descriptions', () => {
	const nodes = [
		new Truecaller(),
		new TruecallerTrigger(),
		new TruecallerAudienceTrigger(),
		new TruePulse(),
		new TruePulseTrigger(),
	];
	it('every node has its own description', () => {
		const descriptions = nodes.map((node) => node.description.description);
		expect(new Set(descriptions).size).toBe(nodes.length);
	});

	it('a trigger names what the app does both ways: n8n shows it for the merged search entry', () => {
		expect(new TruecallerTrigger().description.description).toMatch(
			/^Send Truecaller for Business Verified Campaigns, or start a workflow on Call Me Back/,
		);
		expect(new TruePulseTrigger().description.description).toMatch(
			/^Send call-end events to True Pulse, or start a workflow/,
		);
		for (const node of [new Truecaller(), new TruePulse()])
			expect(node.description.description).not.toMatch(/start/i);
	});

	it('actions spell CleverTap as one word', () => {
		const actions = [new Truecaller(), new TruePulse()].flatMap((node) =>
			node.description.properties
				.filter((p) => p.name === 'operation')
				.flatMap((p) => (p.options as Array<{ action?: string }>).map((o) => o.action ?? '')),
		);
		expect(actions).toContain('Turn a CleverTap webhook into an audience');
		for (const action of actions) expect(action).not.toMatch(/clever tap/i);
	});
});

/** The properties n8n shows for these parameter values (displayOptions.show, exact match). */
function shown(properties: INodeProperties[], values: Record<string, unknown>): INodeProperties[] {
	return properties.filter((property) =>
		Object.entries(property.displayOptions?.show ?? {}).every(([name, allowed]) =>
			(allowed as unknown[]).includes(values[name]),
		),
	);
}

describe('Image URL: hint and placeholder of the chosen cell', () => {
	const properties = new Truecaller().description.properties;
	const cells = DISPLAY_UNITS.flatMap((unit) =>
		TEMPLATE_STYLES.filter((style) => unit.templates[style.wire].image_url).map((style) => ({
			unit,
			style,
		})),
	);

	it.each(cells.map((c) => [c.unit.wire, c.style.wire, c] as const))(
		'%s / template %s: one Image URL, with its own size only',
		(_unit, _style, { unit, style }) => {
			const imageUrl = shown(properties, {
				resource: 'verifiedCampaign',
				operation: 'send',
				contentMode: 'fields',
				displayUnit: unit.wire,
				templateStyle: style.wire,
			}).filter((p) => p.name === 'imageUrl');
			expect(imageUrl).toHaveLength(1);
			const size = style.image === 'side' ? unit.sideImageSize : unit.bannerSize;
			const other = style.image === 'side' ? unit.bannerSize : unit.sideImageSize;
			expect(imageUrl[0].hint?.toLowerCase()).toBe(`${imageSizeHint(unit, style)} px`);
			expect(imageUrl[0].placeholder).toContain(size);
			if (other !== size)
				expect(`${imageUrl[0].hint} ${imageUrl[0].placeholder}`).not.toContain(other);
		},
	);

	it('the two example cells the browser test opens', () => {
		const hint = (displayUnit: string, templateStyle: string) =>
			shown(properties, {
				resource: 'verifiedCampaign',
				operation: 'send',
				contentMode: 'fields',
				displayUnit,
				templateStyle,
			}).find((p) => p.name === 'imageUrl')?.hint;
		expect(hint('cid', '2')).toBe('Banner 320x140 px');
		expect(hint('mid', '3')).toBe('Side image 100x100 px');
	});
});

describe('True Pulse fields show their formats', () => {
	const properties = new TruePulse().description.properties;
	it.each([
		['tpDateOfCall', 'DD-MM-YYYY'],
		['tpCallStartTime', 'ISO-8601'],
		['tpCallEndTime', 'ISO-8601'],
		['tpCallerNumber', '9841012345'],
		['tpDIDNumber', '02269112345'],
	])('%s: placeholder shows %s', (wire, format) => {
		const property = properties.find((p) => p.name === wire);
		expect(property?.placeholder).toContain(format);
		expect(CALL_END_FIELDS.find((f) => f.wire === wire)?.placeholder).toBe(property?.placeholder);
	});
});

describe('errors name the field as the user sees it', () => {
	it.each([
		['title', 'Title (`title`)'],
		['receiver_number', 'Receiver Numbers (`receiver_number`)'],
		['receiver_number[2]', 'Receiver Numbers (`receiver_number[2]`)'],
		['json', 'Field "json"'],
	])('%s -> %s', (wire, expected) => expect(fieldName(wire)).toBe(expected));
});

describe('where to send Truecaller', () => {
	const description = new TruecallerTrigger().description;
	const panel = description.triggerPanel as {
		header: string;
		activationHint: { inactive: string; active: string };
	};

	it('the trigger panel header and hint spell the URL with the key part, never a key', () => {
		expect(panel.header).toContain('<Production URL>?key=<your secret key>');
		// The activation hint is rendered as HTML, the header as text.
		expect(panel.activationHint.inactive).toContain('?key=&lt;your secret key&gt;');
		expect(panel.activationHint.active).toContain('?key=&lt;your secret key&gt;');
	});

	it('the first parameter says it too, for Secret Key in URL', () => {
		const first = description.properties[0];
		expect(first.type).toBe('notice');
		expect(first.displayName).toContain('?key=&lt;your secret key&gt;');
		expect(first.displayOptions?.show?.authentication).toEqual(['urlKey']);
	});

	it('a new trigger has no parameter issue, so n8n does not blank its trigger panel', () => {
		const defaults = Object.fromEntries(description.properties.map((p) => [p.name, p.default]));
		const required = shown(description.properties, defaults).filter(
			(p) => p.required && p.default === '',
		);
		expect(required.map((p) => p.name)).toEqual([]);
	});
});

describe('a refused request while the editor listens for a test event', () => {
	beforeEach(() => forgetAllDedupStores());
	const params = {
		path: 'truecaller',
		events: ['callMeBack'],
		authentication: 'urlKey',
		urlKey: 'secret',
		userFeedbackEventType: '',
		options: {},
	};

	it('the sender gets 401; the editor gets one item saying why', async () => {
		const result = await callWebhook(
			new TruecallerTrigger(),
			params,
			{ body: { event_id: 'x' } },
			{ staticData: {}, mode: 'manual' },
		);
		expect(result.status).toBe(401);
		expect(result.items).toEqual([
			expect.objectContaining({
				accepted: false,
				httpStatus: 401,
				reason: 'Missing secret key: add ?key=... to the webhook URL',
			}),
		]);
		expect(JSON.stringify(result.items)).not.toContain('secret"');
	});

	it('in production the same request starts nothing', async () => {
		const result = await callWebhook(new TruecallerTrigger(), params, { body: { event_id: 'x' } });
		expect(result.status).toBe(401);
		expect(result.items).toBeUndefined();
	});

	it('True Pulse: an invalid call in a test run shows the ERROR answer', async () => {
		const result = await callWebhook(
			new TruePulseTrigger(),
			{ path: 'truepulse', authentication: 'none', defaultCountryCode: '91', options: {} },
			{ body: { tpCallID: '' } },
			{ staticData: {}, mode: 'manual' },
		);
		expect(result.status).toBe(400);
		expect(result.items?.[0]).toMatchObject({ accepted: false, httpStatus: 400 });
		expect(String(result.items?.[0].reason)).toMatch(/tpCallID/);
	});
});
