import { parseCleverTapBody } from '../../nodes/Truecaller/audience/clevertap';
import { Truecaller } from '../../nodes/Truecaller/Truecaller.node';
import { runNode } from '../support/executor';

/** The device push token of seed 004's sample (a test value). */
const SAMPLE_DEVICE_REGISTRATION =
	'19403aa5d3bb376769a8101c9cbf22159cb1836117659cc684a71243589982ea';

/** Seed 004's sample, with phones added as newer (top-level phone) and older (profile data) bodies carry them. */
const SEED_BODY = {
	targetId: 1472124953,
	key_values: { PromoCode: 'MT50', PowerUser: 'true' },
	profiles: [
		{
			Email: 'foo@example.com',
			Identity: 'foo',
			ObjectId: '-g55b74fb1030740e4a4931910a8abb862',
			phone: '+917872483227',
			ProfileData: { 'Last Score': 308, 'High Score': 308, Replayed: true },
			Event_properties: { Score: 1200, 'Game Mode': 'Practice', Rating: 1 },
			Push_token: SAMPLE_DEVICE_REGISTRATION,
		},
		{
			email: 'bar@example.com',
			identity: 'bar',
			objectId: '__g09c9bf3b0d374a259c86f5b855ec9b19',
			profileData: { Phone: '09841012345', Name: 'Bar Kumar' },
			event_properties: { Score: 500 },
			push_token: 'fiCjRO_opjw',
		},
	],
};

const parse = (body: unknown, country = '91') => {
	const result = parseCleverTapBody(body, country);
	if (!result.ok) throw new Error(result.reason);
	return result;
};

describe('parseCleverTapBody', () => {
	it('a broadcast body: one member per profile, every field normalised across key case', () => {
		const { members, withoutPhone, isTest, targetId } = parse(SEED_BODY);
		expect(isTest).toBe(false);
		expect(targetId).toBe(1472124953);
		expect(withoutPhone).toEqual([]);
		expect(members[0]).toEqual({
			phone: '+917872483227',
			phoneSource: 'phone',
			receiver: '917872483227',
			identity: 'foo',
			email: 'foo@example.com',
			name: null,
			cleverTapId: '-g55b74fb1030740e4a4931910a8abb862',
			profileData: SEED_BODY.profiles[0].ProfileData,
			eventProperties: SEED_BODY.profiles[0].Event_properties,
			pushToken: SEED_BODY.profiles[0].Push_token,
			targetId: 1472124953,
			keyValues: { PromoCode: 'MT50', PowerUser: 'true' },
			profile: SEED_BODY.profiles[0],
		});
		expect(members[1]).toMatchObject({
			phone: '09841012345',
			phoneSource: 'profileData.phone',
			receiver: '919841012345',
			identity: 'bar',
			email: 'bar@example.com',
			name: 'Bar Kumar',
			cleverTapId: '__g09c9bf3b0d374a259c86f5b855ec9b19',
			eventProperties: { Score: 500 },
			pushToken: 'fiCjRO_opjw',
		});
	});

	it.each([
		['Identity', 'identity', 'IDENTITY'],
		['Email', 'email', 'EMAIL'],
		['ObjectId', 'objectId', 'objectid'],
		['ProfileData', 'profileData', 'profiledata'],
		['Event_properties', 'event_properties', 'Event_Properties'],
		['Push_token', 'push_token', 'PUSH_TOKEN'],
	])('reads %s in any case', (...keys) => {
		const outputKey = {
			Identity: 'identity',
			Email: 'email',
			ObjectId: 'cleverTapId',
			ProfileData: 'profileData',
			Event_properties: 'eventProperties',
			Push_token: 'pushToken',
		}[keys[0]]!;
		for (const key of keys) {
			const value =
				key.toLowerCase().includes('data') || key.toLowerCase().includes('properties')
					? { v: key }
					: `v-${key}`;
			const [member] = parse({ profiles: { phone: '+919841012345', [key]: value } }).members;
			expect((member as unknown as Record<string, unknown>)[outputKey]).toEqual(value);
		}
	});

	it('a non-broadcast body: profiles is one object', () => {
		const { members } = parse({
			targetId: 7,
			profiles: { Identity: 'solo', phone: '+919841012345' },
		});
		expect(members.map((m) => [m.identity, m.receiver])).toEqual([['solo', '919841012345']]);
	});

	it.each([
		[{ phone: '+91 98410 12345' }, '919841012345', 'phone'],
		[{ Phone: '9841012345' }, '919841012345', 'phone'],
		[{ ProfileData: { Phone: '+917872483227' } }, '917872483227', 'profileData.phone'],
		[{ profileData: { phone: '07872483227' } }, '917872483227', 'profileData.phone'],
		[{ phone: '', profileData: { phone: '9841012345' } }, '919841012345', 'profileData.phone'],
		[{ phone: 9841012345 }, '919841012345', 'phone'],
	])('phone fallback %p', (profile, receiver, source) => {
		const [member] = parse({ profiles: [profile] }).members;
		expect(member).toMatchObject({ receiver, phoneSource: source });
	});

	it('profiles without a usable phone are reported, named, and not members', () => {
		const result = parse({
			profiles: [
				{ Identity: 'nophone' },
				{ identity: 'bad', phone: '12345' },
				'junk',
				{ objectId: 'x1', ProfileData: {} },
			],
		});
		expect(result.members).toEqual([]);
		expect(result.withoutPhone.map((p) => `${p.label} ${p.reason}`)).toEqual([
			'profile 0 (identity nophone) has no phone (looked at phone and profileData.phone)',
			'profile 1 (identity bad) has an unusable phone: must be a 10-digit number (optionally with trunk "0") or a 2-digit country code plus 10 digits (optionally with "+" or "00"), giving 12 digits; got "12345"',
			'profile 2 is not an object ("junk")',
			'profile 3 (objectId x1) has no phone (looked at phone and profileData.phone)',
		]);
	});

	it('merges the campaign key_values with the profile own, the profile winning', () => {
		const [member] = parse({
			key_values: { PromoCode: 'MT50', Tier: 'gold' },
			profiles: [{ phone: '9841012345', key_values: { PromoCode: 'VIP90' } }],
		}).members;
		expect(member.keyValues).toEqual({ PromoCode: 'VIP90', Tier: 'gold' });
	});

	it.each([
		{ is_test: true },
		{ is_test: 'true', profiles: [{ phone: '9841012345' }] },
		{ Is_Test: true, targetId: 3 },
	])('a test body %p yields no profiles', (body) => {
		const result = parse(body);
		expect(result).toMatchObject({ isTest: true, members: [] });
	});

	it.each([
		[null, /must be a JSON object/],
		['{"profiles": [', /not valid JSON/],
		[{ targetId: 1 }, /Field "profiles" must be an array \(broadcast\) or an object/],
		[{ profiles: 'x' }, /Field "profiles" must be an array \(broadcast\) or an object/],
	])('refuses %p', (body, reason) => {
		const result = parseCleverTapBody(body, '91');
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.reason).toMatch(reason);
	});

	it('10,000 profiles in one pass, each member referencing its profile (no copies of the body)', () => {
		const profiles = Array.from({ length: 10000 }, (_, i) => ({
			Identity: `user-${i}`,
			phone: `+9198${String(10000000 + i)}`,
		}));
		const body = { targetId: 1, key_values: { PromoCode: 'X' }, profiles };
		const { members } = parse(body);
		expect(members).toHaveLength(10000);
		expect(members[9999].receiver).toBe(`9198${String(10009999)}`);
		expect(
			members.every((m, i) => m.profile === profiles[i] && m.keyValues === body.key_values),
		).toBe(true);
	});
});

describe('Audience: From CleverTap Webhook, the node', () => {
	const run = (
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
				operation: 'fromCleverTapWebhook',
				bodyField: 'body',
				defaultCountryCode: '91',
				withoutPhone: 'skip',
				emitTestItem: false,
				...parameters,
			},
			items: items as never,
			continueOnFail,
			hints,
		}).then((output) => ({ output: output[0], hints }));
	};

	it('pairs every profile with its input item and counts the skipped ones in a hint', async () => {
		const second = {
			body: { profiles: [{ identity: 'a', phone: '9841012345' }, { identity: 'nophone' }] },
		};
		const { output, hints } = await run([{ body: SEED_BODY }, second]);
		expect(output.map((i) => [i.json.receiver, i.pairedItem])).toEqual([
			['917872483227', { item: 0 }],
			['919841012345', { item: 0 }],
			['919841012345', { item: 1 }],
		]);
		expect(hints).toEqual([
			{
				message:
					'Skipped 1 of 4 CleverTap profiles without a usable phone: profile 1 (identity nophone)',
				location: 'outputPane',
			},
		]);
	});

	it('reports profiles without a phone as error items when asked', async () => {
		const { output } = await run([{ body: { profiles: [{ identity: 'nophone' }] } }], {
			withoutPhone: 'error',
		});
		expect(output).toEqual([
			{
				json: {
					error:
						'Item 0: CleverTap profile 0 (identity nophone) has no phone (looked at phone and profileData.phone)',
					profile: { identity: 'nophone' },
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('a test body yields nothing, or one item saying so', async () => {
		expect((await run([{ body: { is_test: true } }])).output).toEqual([]);
		expect(
			(await run([{ body: { is_test: true, targetId: 5 } }], { emitTestItem: true })).output,
		).toEqual([
			{
				json: { isTest: true, targetId: 5, message: 'CleverTap test body: no profiles' },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('reads another field, or the whole item', async () => {
		expect(
			(await run([{ data: { cleverTap: SEED_BODY } }], { bodyField: 'data.cleverTap' })).output,
		).toHaveLength(2);
		expect((await run([SEED_BODY], { bodyField: '' })).output).toHaveLength(2);
	});

	it('a body without profiles fails the node naming the item and field, or becomes an error item', async () => {
		await expect(run([{ body: { targetId: 1 } }])).rejects.toThrow(
			'Item 0: CleverTap body: Field "profiles" must be an array (broadcast) or an object (one profile); got nothing (field "body")',
		);
		const { output } = await run([{ body: { targetId: 1 } }, { body: SEED_BODY }], {}, true);
		expect(output.map((i) => i.json.error ?? i.json.receiver)).toEqual([
			expect.stringMatching(/^Item 0: CleverTap body: Field "profiles" must be/),
			'917872483227',
			'919841012345',
		]);
	});
});
