import { type IHookFunctions, type INodeType, type IWebhookDescription } from 'n8n-workflow';

import {
	WEBHOOK_SECRET_CREDENTIALS,
	WEBHOOK_SECRET_NOTICE,
	unusableSecret,
} from '../../nodes/shared/webhook/auth';
import { REGISTERED_BY_HAND } from '../../nodes/shared/webhook/triggerContext';
import { TruePulseTrigger } from '../../nodes/TruePulse/TruePulseTrigger.node';
import { TruecallerTrigger } from '../../nodes/Truecaller/TruecallerTrigger.node';
import { evaluateOnNode } from '../support/expressionEngine';

const RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers');
type Resolvers = Record<string, { template: string; resolve: (p: object) => unknown }>;

const triggers: INodeType[] = [new TruecallerTrigger(), new TruePulseTrigger()];

describe.each(triggers.map((t) => [t.description.displayName, t] as const))('%s', (_, type) => {
	const webhook = type.description.webhooks![0] as IWebhookDescription & {
		[RESOLVERS]: Resolvers;
	};

	it('has versions 1 and 2, 2 by default; the secrets are version 1 parameters only', () => {
		expect(type.description.version).toEqual([1, 2]);
		expect(type.description.defaultVersion).toBe(2);
		for (const name of ['urlKey', 'headerName', 'headerValue', 'user', 'password']) {
			const property = type.description.properties.find((p) => p.name === name);
			expect(property?.displayOptions?.show?.['@version']).toEqual([1]);
		}
		const credentials = type.description.credentials ?? [];
		expect(credentials.map((c) => c.name).sort()).toEqual(
			Object.values(WEBHOOK_SECRET_CREDENTIALS).sort(),
		);
		for (const credential of credentials)
			expect(credential.displayOptions?.show?.['@version']).toEqual([2]);
	});

	it('resolves every description field with an expression natively, with what the engine computes', () => {
		const resolvers = webhook[RESOLVERS];
		const templated = Object.entries(webhook).filter(
			([, value]) => typeof value === 'string' && value.startsWith('='),
		);
		expect(templated.length).toBeGreaterThan(0);
		const parameterSets = [
			{ path: 'truecaller-events' },
			{ path: 'a/b', options: {} },
			{ path: 'x', options: { acknowledge: 'immediately' } },
			{ path: 'y', options: { acknowledge: 'afterSuccess' } },
		];
		for (const [field, template] of templated) {
			expect(resolvers[field]?.template).toBe(template);
			for (const parameters of parameterSets) {
				const { value, parameters: withDefaults } = evaluateOnNode(
					type,
					parameters,
					template as string,
					2,
				);
				expect(resolvers[field].resolve(withDefaults)).toEqual(value);
			}
		}
	});
});

/** 20 letters and digits: a well-formed secret for every method. */
const WELL_FORMED = 'abcdefghijklmnop0123';

describe('a secret credential of unusable form is refused where the trigger starts listening', () => {
	const { urlKey, header, basic } = WEBHOOK_SECRET_CREDENTIALS;
	it.each([
		[urlKey, { secretKey: WELL_FORMED }, undefined],
		[urlKey, { secretKey: 'short' }, /5 characters: use at least 16/],
		[urlKey, { secretKey: 'has space and &=? 0123' }, /only letters, digits/],
		[urlKey, { secretKey: '' }, /Set a Secret Key/],
		[header, { headerName: 'X-Key', headerSecret: WELL_FORMED }, undefined],
		[header, { headerName: 'X Key', headerSecret: WELL_FORMED }, /header name/],
		[header, { headerName: 'X-Key', headerSecret: 'abcdefghijklmnop\r\n0123' }, /line/],
		[basic, { user: 'u', password: WELL_FORMED }, undefined],
		[basic, { user: 'u:v', password: WELL_FORMED }, /colon/],
	])('%s %j -> %p', (type, data, expected) => {
		const method = (
			Object.keys(WEBHOOK_SECRET_CREDENTIALS) as Array<keyof typeof WEBHOOK_SECRET_CREDENTIALS>
		).find((m) => WEBHOOK_SECRET_CREDENTIALS[m] === type)!;
		const problem = unusableSecret(method, data, 'My secret');
		if (expected === undefined) return expect(problem).toBeUndefined();
		expect(problem).toMatch(/^Credential "My secret": /);
		expect(problem).toMatch(expected);
		for (const value of Object.values(data))
			if (String(value).length >= 16) expect(problem).not.toContain(String(value));
	});

	const hook = (typeVersion: number, authentication: string, secretKey: string) =>
		({
			getNode: () => ({
				typeVersion,
				credentials: { [urlKey]: { id: '1', name: 'Truecaller key' } },
			}),
			getNodeParameter: () => authentication,
			getCredentials: async () => ({ secretKey }),
		}) as unknown as IHookFunctions;

	it('publishing or listening with a short key fails, naming the credential and the rule', async () => {
		await expect(REGISTERED_BY_HAND.checkExists.call(hook(2, 'urlKey', 'short'))).rejects.toThrow(
			'Credential "Truecaller key": The secret has 5 characters: use at least 16, random',
		);
		await expect(REGISTERED_BY_HAND.checkExists.call(hook(2, 'urlKey', WELL_FORMED))).resolves.toBe(
			true,
		);
		// Method none has no credential; version 1 keeps its secret in parameters.
		await expect(REGISTERED_BY_HAND.checkExists.call(hook(2, 'none', ''))).resolves.toBe(true);
		await expect(REGISTERED_BY_HAND.checkExists.call(hook(1, 'urlKey', ''))).resolves.toBe(true);
	});

	it('no credential test claims a tested connection, and the notice says so', () => {
		for (const trigger of triggers) {
			for (const credential of trigger.description.credentials ?? [])
				expect(credential.testedBy).toBeUndefined();
			expect(
				(trigger as { methods?: { credentialTest?: object } }).methods?.credentialTest,
			).toBeUndefined();
		}
		expect(WEBHOOK_SECRET_NOTICE.displayName).toMatch(/^Not tested here/);
		expect(WEBHOOK_SECRET_NOTICE.displayName).toMatch(/when the workflow is published or listens/);
	});
});
