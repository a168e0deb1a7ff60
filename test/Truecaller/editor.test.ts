/**
 * What a Truecaller user reads in n8n's editor: credentials per operation, hints and placeholders
 * per cell, the URL to paste, and what a refused test event shows. The browser test
 * (test/browser/editor.test.js) checks the same on screen in real n8n.
 */
import type {
	INode,
	INodeCredentialDescription,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Truecaller } from '../../nodes/Truecaller/Truecaller.node';
import { TruecallerTrigger } from '../../nodes/Truecaller/TruecallerTrigger.node';
import {
	CONTENT_FIELDS,
	DISPLAY_UNITS,
	TEMPLATE_STYLES,
	TTL_DAYS,
	campaignFieldLabel,
	cellFields,
	imageSizeHint,
} from '../../nodes/Truecaller/campaign/matrix';
import { fieldName } from '../../nodes/shared/validation';
import { lengthHint } from '../../nodes/Truecaller/campaign/fields';
import { validateContent } from '../../nodes/Truecaller/campaign/campaign';
import { SAMPLE_FIELD_VALUES } from '../support/samples';
import { forgetAllDedupStores } from '../../nodes/shared/webhook/dedupStore';
import { callWebhook } from '../support/harness';

/** The properties n8n shows for these parameter values (displayOptions.show, exact match). */
function shown(properties: INodeProperties[], values: Record<string, unknown>): INodeProperties[] {
	return properties.filter((property) =>
		Object.entries(property.displayOptions?.show ?? {}).every(([name, allowed]) =>
			(allowed as unknown[]).includes(values[name]),
		),
	);
}

/** Whether n8n shows a property or credential for these parameter values (n8n's own rule). */
function displayed(
	node: INodeType,
	item: INodeProperties | INodeCredentialDescription,
	values: INodeParameters,
): boolean {
	return NodeHelpers.displayParameter(
		values,
		item,
		{ typeVersion: 1 } as INode,
		node.description as INodeTypeDescription,
	);
}

describe('credentials: asked only where they are used', () => {
	const node = new Truecaller();
	const credentialsFor = (operation: string) =>
		(node.description.credentials ?? [])
			.filter((c) => displayed(node, c, { resource: 'verifiedCampaign', operation }))
			.map((c) => c.name);
	it.each([
		['send', ['truecallerApi']],
		['buildPayload', []],
		['sendInBulk', ['truecallerBulkApi']],
	])('%s: %p', (operation, expected) => {
		expect(credentialsFor(operation)).toEqual(expected);
	});

	it('Build Payload says why it needs none, and how to see its preview', () => {
		const notice = node.description.properties.find((p) => p.name === 'buildPayloadNotice')!;
		expect(
			displayed(node, notice, { resource: 'verifiedCampaign', operation: 'buildPayload' }),
		).toBe(true);
		expect(displayed(node, notice, { resource: 'verifiedCampaign', operation: 'send' })).toBe(
			false,
		);
		expect(notice.displayName).toMatch(/no credential is needed/);
		expect(notice.displayName).toMatch(/open it in a browser/);
	});
});

describe('every limit from the matrix is in the field hint, generated from the rule it states', () => {
	const node = new Truecaller();
	const limited = Object.values(CONTENT_FIELDS).filter((spec) => spec.maxLength !== undefined);
	const cells = DISPLAY_UNITS.flatMap((unit) => TEMPLATE_STYLES.map((style) => ({ unit, style })));

	it.each(limited.map((spec) => [spec.wire, spec] as const))(
		'%s: the hint of every cell states the maxLength the validation enforces',
		(_wire, spec) => {
			const max = spec.maxLength!;
			for (const { unit, style } of cells) {
				const presence = unit.templates[style.wire][spec.wire];
				const values = {
					resource: 'verifiedCampaign',
					operation: 'send',
					contentMode: 'fields',
					displayUnit: unit.wire,
					templateStyle: style.wire,
				};
				const properties = node.description.properties.filter(
					(p) => p.name === spec.param && displayed(node, p, values),
				);
				if (presence === undefined) {
					expect(properties).toHaveLength(0);
					continue;
				}
				expect(properties).toHaveLength(1);
				expect(properties[0].hint).toBe(lengthHint(spec));
				expect(properties[0].hint).toMatch(
					new RegExp(`^Up to ${max} characters, shown on ${spec.lines} line`),
				);
				expect(properties[0].required).toBe(presence === 'required');
				// The rule the hint states is the rule the validation applies.
				const content = (length: number) => ({
					display_unit: unit.wire,
					template_style: style.wire,
					...Object.fromEntries(
						cellFields(unit, style.wire).map(([field]) => [
							field.wire,
							SAMPLE_FIELD_VALUES[field.wire],
						]),
					),
					[spec.wire]: 'अ'.repeat(length),
				});
				expect(validateContent(content(max)).issues).toEqual([]);
				expect(validateContent(content(max + 1)).issues.map((i) => i.message)).toEqual([
					`${fieldName(spec.wire, campaignFieldLabel)} must be at most ${max} characters, has ${max + 1}; got "${'अ'.repeat(max + 1)}"`,
				]);
			}
		},
	);

	it('no description retypes a limit: every "N characters" in the node is a maxLength of the matrix', () => {
		const text = JSON.stringify(node.description);
		const numbers = [...text.matchAll(/(\d+) characters/g)].map((m) => Number(m[1]));
		expect(numbers.length).toBeGreaterThan(0);
		for (const n of numbers) expect(limited.map((spec) => spec.maxLength)).toContain(n);
	});

	it('TTL fields state the days the validation allows', () => {
		const ttl = JSON.stringify(node.description.properties).match(/"hint":"(\d+) to (\d+) days"/g);
		expect(ttl).toHaveLength(2);
		for (const hint of ttl!) expect(hint).toBe(`"hint":"${TTL_DAYS.min} to ${TTL_DAYS.max} days"`);
	});

	it('display unit options carry no wire code; the Template JSON description lists the codes', () => {
		const unitParameter = node.description.properties.find((p) => p.name === 'displayUnit')!;
		for (const option of unitParameter.options as Array<{ name: string; description?: string }>) {
			const code = DISPLAY_UNITS.find((u) => u.label === option.name)!.wire;
			expect(`${option.name} ${option.description}`).not.toContain(code);
		}
		const templateJson = node.description.properties.find((p) => p.name === 'templateJson')!;
		for (const unit of DISPLAY_UNITS)
			expect(templateJson.description).toContain(`<code>${unit.wire}</code>`);
	});
});

describe('Truecaller Trigger: User Feedback Event Type only with User Feedback', () => {
	const trigger = new TruecallerTrigger();
	const property = trigger.description.properties.find((p) => p.name === 'userFeedbackEventType')!;
	it.each([
		[['callMeBack'], false],
		[['callMeBack', 'campaignInteraction'], false],
		[['userFeedback'], true],
		[['callMeBack', 'userFeedback', 'campaignInteraction'], true],
	])('events %j: shown %p', (events, expected) => {
		expect(displayed(trigger, property, { events })).toBe(expected);
	});
});

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

describe('errors name the field as the user sees it', () => {
	it.each([
		['title', 'Title (`title`)'],
		['receiver_number', 'Receiver Numbers (`receiver_number`)'],
		['receiver_number[2]', 'Receiver Numbers (`receiver_number[2]`)'],
		['json', 'Field "json"'],
	])('%s -> %s', (wire, expected) => expect(fieldName(wire, campaignFieldLabel)).toBe(expected));
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
});
