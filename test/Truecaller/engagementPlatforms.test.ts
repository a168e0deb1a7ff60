/**
 * Segment and WebEngage bodies as their docs describe them (docs/engagement-platforms.md): the
 * parsers directly over the body variants, then the two Audience operations in n8n-core's executor.
 */
import { parseSegmentBody } from '../../nodes/Truecaller/audience/segment';
import { parseWebEngageRequest } from '../../nodes/Truecaller/audience/webengage';
import { sha256Hex } from '../../nodes/shared/phone';
import { Truecaller } from '../../nodes/Truecaller/Truecaller.node';
import { runNode } from '../support/executor';
import segmentCalls from '../support/seeds/segment-calls.json';
import journeyBody from '../support/seeds/webengage-journey.json';

const segment = (body: unknown, country = '91') => {
	const result = parseSegmentBody(body, country);
	if (!result.ok) throw new Error(result.reason);
	return result;
};

const receivers = (body: unknown) => segment(body).members.map((m) => [m.phoneSource, m.receiver]);

describe('parseSegmentBody', () => {
	it('an identify call: the phone from traits, the person and the call kept', () => {
		const { members, refused, total } = segment(segmentCalls.identify);
		expect([refused, total]).toEqual([[], 1]);
		expect(members).toEqual([
			{
				phone: '+91 98410 12345',
				phoneSource: 'traits.phone',
				receiver: '919841012345',
				messageId: 'seg-identify-0001',
				type: 'identify',
				event: null,
				userId: '019mr8mf4r',
				anonymousId: null,
				email: 'asha@example.com',
				name: 'Asha',
				traits: segmentCalls.identify.traits,
				properties: {},
				timestamp: '2026-12-02T00:30:08.276Z',
				call: segmentCalls.identify,
			},
		]);
		expect(members[0].call).toBe(segmentCalls.identify);
	});

	it('track and page calls: the phone in context.traits or properties, whatever the key case', () => {
		const [track] = segment(segmentCalls.track).members;
		expect([track.phoneSource, track.receiver, track.event, track.name]).toEqual([
			'context.traits.phone',
			'919841012346',
			'Cart Abandoned',
			'Ravi Kumar',
		]);
		expect(track.properties).toEqual({ cartValue: '39.95', coupon: 'CART20' });
		const [page] = segment(segmentCalls.page).members;
		expect([page.phoneSource, page.receiver, page.event, page.anonymousId]).toEqual([
			'properties.phone',
			'919841012347',
			'Pricing',
			segmentCalls.page.anonymousId,
		]);
	});

	it('numbers in every accepted form, and keys of the call in any case', () => {
		const call = (phone: unknown) => ({
			Type: 'Identify',
			MessageId: 'm',
			Traits: { PHONE: phone },
		});
		const hash = sha256Hex('919841012345');
		for (const [phone, receiver] of [
			['+919841012345', '919841012345'],
			['0091 98410-12345', '919841012345'],
			['(098410) 12345', '919841012345'],
			['9841012345', '919841012345'],
			[9841012345, '919841012345'],
			[919841012345, '919841012345'],
			[hash.toUpperCase(), hash],
		] as const)
			expect(receivers(call(phone))).toEqual([['traits.phone', receiver]]);
		expect(segment(call('9841012345'), '44').members[0].receiver).toBe('449841012345');
	});

	it('a batch as a JSON array, as {"batch": [...]}, or as JSON text: one member per call with a phone', () => {
		const batch = [segmentCalls.identify, segmentCalls.track, segmentCalls.withoutPhone];
		for (const body of [batch, { batch }, JSON.stringify(batch)]) {
			const { members, refused, total } = segment(body);
			expect(members.map((m) => m.messageId)).toEqual(['seg-identify-0001', 'seg-track-0001']);
			expect(refused.map((r) => r.label)).toEqual(['call 2 (messageId seg-track-nophone)']);
			expect(total).toBe(3);
		}
	});

	it('refuses calls with the reason: no phone, unsupported type, bad number, not an object', () => {
		const group = { type: 'group', messageId: 'g', traits: { phone: '9841012345' } };
		const deletion = { type: 'delete', messageId: 'd', userId: 'u' };
		const { members, refused } = segment([
			segmentCalls.withoutPhone,
			segmentCalls.alias,
			deletion,
			{ type: 'screen', messageId: 's', properties: { phone: '12345' } },
			{ type: 'launch', messageId: 'x' },
			{ messageId: 'no-type' },
			group,
			'text',
		]);
		expect(members).toEqual([]);
		expect(refused.map((r) => `${r.label} ${r.reason}`)).toEqual([
			'call 0 (messageId seg-track-nophone) has no phone (looked at properties.phone, context.traits.phone, traits.phone)',
			'call 1 (messageId seg-alias-0001) is an alias call (it links two user IDs and names no one to send to)',
			'call 2 (messageId d) is a deletion request (the user asked to be forgotten: never an audience)',
			expect.stringMatching(
				/^call 3 \(messageId s\) has an unusable properties.phone: must be a 10-digit number .*; got "12345"$/,
			),
			'call 4 (messageId x) has an unsupported type "launch" (supported: identify, track, page, screen, group)',
			'call 5 (messageId no-type) Field "type" must be text: identify, track, page, screen or group; got nothing',
			// A group call's traits are the company's: its phone is no person's.
			'call 6 (messageId g) has no phone (looked at context.traits.phone, properties.phone)',
			'call 7 is not an object ("text")',
		]);
		expect(refused[0].source).toBe(segmentCalls.withoutPhone);
	});

	it('a body that is no call at all is refused as a whole, with the reason', () => {
		for (const body of [42, null, '{not json'])
			expect(parseSegmentBody(body, '91')).toEqual(
				expect.objectContaining({ ok: false, reason: expect.stringMatching(/^Segment body: /) }),
			);
		expect(segment([]).total).toBe(0);
	});
});

describe('parseWebEngageRequest', () => {
	const webEngage = (body: unknown, extra: object = {}) => {
		const result = parseWebEngageRequest({ body, ...extra }, '91');
		if (!result.ok) throw new Error(result.reason);
		return result;
	};

	it('the recommended body (Template Generator JSON, tokens filled): one member, its template ready for Send', () => {
		const { members, refused, total } = webEngage(journeyBody, {
			requestId: 'a1b2c3',
			eventType: 'journey',
		});
		expect([refused, total]).toEqual([[], 1]);
		expect(members).toEqual([
			{
				phone: '+91 98410 12349',
				phoneSource: 'profile.receiver_number',
				receiver: '919841012349',
				requestId: 'a1b2c3',
				eventType: 'journey',
				userId: 'we-user-42',
				name: 'Meera',
				email: 'meera@example.com',
				template: { profile: journeyBody.profile, content: journeyBody.content },
				body: journeyBody,
			},
		]);
	});

	it('data-platform style bodies: the phone in we_phone or user, whatever the key case', () => {
		expect(webEngage({ WE_PHONE: '09841012345', user_id: 'u1' }).members[0]).toEqual(
			expect.objectContaining({ phoneSource: 'we_phone', receiver: '919841012345', userId: 'u1' }),
		);
		expect(webEngage({ event_data: { Phone: 9841012345 }, user: { ID: 'u2' } }).members[0]).toEqual(
			expect.objectContaining({
				phoneSource: 'event_data.phone',
				userId: 'u2',
				template: null,
			}),
		);
	});

	it('refuses a request without a phone, with an unfilled token, or with a bad number', () => {
		const reasons = [
			{ user: { id: 'u' } },
			{ ...journeyBody, profile: { receiver_number: "{{user['system']['phone']}}" } },
			{ phone: 'unknown' },
		].map((body) =>
			webEngage(body, { requestId: 'r9' }).refused.map((r) => `${r.label} ${r.reason}`),
		);
		expect(reasons).toEqual([
			[
				'request r9 has no phone (looked at profile.receiver_number, phone, we_phone, user.phone, user.we_phone, event_data.phone, event_data.we_phone)',
			],
			[
				"request r9 has an unfilled personalisation token in profile.receiver_number (WebEngage holds no phone for this user); got \"{{user['system']['phone']}}\"",
			],
			[expect.stringMatching(/^request r9 has an unusable phone: must contain only digits/)],
		]);
	});

	it('a body that is not one JSON object is refused as a whole', () => {
		expect(parseWebEngageRequest({ body: [journeyBody] }, '91')).toEqual(
			expect.objectContaining({
				ok: false,
				reason:
					'WebEngage body: Field "body" must be a JSON object (one user per request); got a list',
			}),
		);
	});
});

describe('Audience: From Segment Event and From WebEngage Webhook, the node', () => {
	const run = (
		operation: string,
		items: object[],
		parameters: Record<string, unknown> = {},
		continueOnFail = false,
	) => {
		const hints: unknown[] = [];
		return runNode({
			node: new Truecaller(),
			credentials: {},
			parameters: {
				resource: 'audience',
				operation,
				bodyField: 'body',
				defaultCountryCode: '91',
				withoutPhone: 'skip',
				...parameters,
			},
			items: items as never,
			continueOnFail,
			hints,
		}).then((output) => ({ output: output[0], hints }));
	};

	it('Segment: one item per call with a phone, paired with its input item; the rest counted in a hint', async () => {
		const { output, hints } = await run('fromSegmentEvent', [
			{ body: segmentCalls.identify },
			{ body: [segmentCalls.track, segmentCalls.withoutPhone, segmentCalls.alias] },
		]);
		expect(output.map((i) => [i.json.receiver, i.pairedItem])).toEqual([
			['919841012345', { item: 0 }],
			['919841012346', { item: 1 }],
		]);
		expect(hints).toEqual([
			{
				message:
					'Skipped 2 of 4 Segment calls without a usable receiver: call 1 (messageId seg-track-nophone) has no phone (looked at properties.phone, context.traits.phone, traits.phone); call 2 (messageId seg-alias-0001) is an alias call (it links two user IDs and names no one to send to)',
				location: 'outputPane',
			},
		]);
	});

	it('Segment: refused calls as error items when asked; an unreadable body fails the node or becomes an error item', async () => {
		const { output } = await run('fromSegmentEvent', [{ body: segmentCalls.withoutPhone }], {
			withoutPhone: 'error',
		});
		expect(output).toEqual([
			{
				json: {
					error:
						'Item 0: Segment call 0 (messageId seg-track-nophone) has no phone (looked at properties.phone, context.traits.phone, traits.phone)',
					refused: segmentCalls.withoutPhone,
				},
				pairedItem: { item: 0 },
			},
		]);
		await expect(run('fromSegmentEvent', [{ body: 42 }])).rejects.toThrow(
			/^Item 0: Segment body: .* \(field "body"\)$/,
		);
		const failed = await run(
			'fromSegmentEvent',
			[{ body: 42 }, { body: segmentCalls.page }],
			{},
			true,
		);
		expect(failed.output.map((i) => i.json.error ?? i.json.receiver)).toEqual([
			expect.stringMatching(/^Item 0: Segment body: /),
			'919841012347',
		]);
	});

	it("WebEngage: the request id from the trigger's item, or from an n8n Webhook node's headers", async () => {
		const { output } = await run('fromWebEngageWebhook', [
			{ platform: 'webEngage', requestId: 'from-trigger', eventType: null, body: journeyBody },
			{
				headers: { 'x-request-id': 'from-webhook-node' },
				query: { eventType: 'e' },
				body: journeyBody,
			},
		]);
		expect(output.map((i) => [i.json.requestId, i.json.eventType, i.json.receiver])).toEqual([
			['from-trigger', null, '919841012349'],
			['from-webhook-node', 'e', '919841012349'],
		]);
	});

	it('a bad Default Country Code names the parameter', async () => {
		await expect(
			run('fromWebEngageWebhook', [{ body: journeyBody }], { defaultCountryCode: '+91' }),
		).rejects.toThrow('Item 0: Default Country Code must be 1 to 3 digits without "+", got "+91"');
	});
});
