import {
	type ICredentialTestFunctions,
	type INodeType,
	type IWebhookDescription,
} from 'n8n-workflow';

import {
	WEBHOOK_SECRET_CREDENTIALS,
	checkWebhookSecretForm,
} from '../../nodes/shared/webhook/auth';
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

describe('the credential test checks the form of the secret, and says it cannot reach the sender', () => {
	const test = (type: string, data: Record<string, string>) =>
		checkWebhookSecretForm.call({} as ICredentialTestFunctions, { id: '1', name: 'c', type, data });
	const { urlKey, header, basic } = WEBHOOK_SECRET_CREDENTIALS;
	it.each([
		[urlKey, { secretKey: WELL_FORMED }, 'OK', /cannot reach Truecaller/],
		[urlKey, { secretKey: 'short' }, 'Error', /5 characters: use at least 16/],
		[urlKey, { secretKey: 'has space and &=? 0123' }, 'Error', /only letters, digits/],
		[urlKey, { secretKey: '' }, 'Error', /Set a Secret Key/],
		[header, { headerName: 'X-Key', headerSecret: WELL_FORMED }, 'OK', /usable/],
		[header, { headerName: 'X Key', headerSecret: WELL_FORMED }, 'Error', /header name/],
		[header, { headerName: 'X-Key', headerSecret: 'abcdefghijklmnop\r\n0123' }, 'Error', /line/],
		[basic, { user: 'u', password: WELL_FORMED }, 'OK', /usable/],
		[basic, { user: 'u:v', password: WELL_FORMED }, 'Error', /colon/],
	])('%s %j -> %s', async (type, data, status, message) => {
		const result = await test(type, data);
		expect(result.status).toBe(status);
		expect(result.message).toMatch(message);
		for (const value of Object.values(data))
			if (String(value).length >= 16) expect(result.message).not.toContain(String(value));
	});
});
