/**
 * Version 2 of both triggers reads the webhook secret from a credential of this package: the same
 * checks for both nodes, run from each node's own test file.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeType } from 'n8n-workflow';

import { WEBHOOK_SECRET_CREDENTIALS } from '../../nodes/shared/webhook/auth';
import { type WebhookCall, type WebhookState, callWebhook } from './harness';

// The right values of the three credentials (named so that n8n's lint does not take test values
// for real secrets); no answer may contain any of them.
const URL_PARAM_VALUE = 'v2-key-with-enough-entropy';
const HEADER_VALUE = 'v2-header-secret-value-123';
const BASIC_LOGIN_VALUE = 'v2-basic-password-456789';
const SECRETS = [URL_PARAM_VALUE, HEADER_VALUE, BASIC_LOGIN_VALUE];
/** A version 1 URL parameter value left in the node. */
const LEFTOVER_PARAMETER_VALUE = 'param-key-0123456789';

const basic = (user: string, password: string) => ({
	authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

const CREDENTIALS: Record<string, ICredentialDataDecryptedObject> = {
	[WEBHOOK_SECRET_CREDENTIALS.urlKey]: { secretKey: URL_PARAM_VALUE },
	[WEBHOOK_SECRET_CREDENTIALS.header]: { headerName: 'X-Webhook-Key', headerSecret: HEADER_VALUE },
	[WEBHOOK_SECRET_CREDENTIALS.basic]: { user: 'tc', password: BASIC_LOGIN_VALUE },
};

export function describeCredentialAuth(
	node: INodeType,
	params: Record<string, unknown>,
	/** A valid event with this id. */
	event: (id: string) => Record<string, unknown>,
	errorStatus: string,
): void {
	const v2 = (reads?: string[]): WebhookState => ({
		staticData: {},
		typeVersion: 2,
		credentials: CREDENTIALS,
		reads,
	});
	const run = (
		authentication: string,
		call: WebhookCall,
		state = v2(),
		extra: Record<string, unknown> = {},
	) => callWebhook(node, { ...params, authentication, ...extra }, call, state);
	const expectNoSecret = (answer: unknown) => {
		for (const secret of SECRETS) expect(JSON.stringify(answer ?? '')).not.toContain(secret);
	};

	describe('version 2: the webhook secret comes from a credential', () => {
		const cases: Array<[string, WebhookCall, WebhookCall]> = [
			['urlKey', { query: { key: URL_PARAM_VALUE } }, { query: { key: `${URL_PARAM_VALUE}x` } }],
			[
				'header',
				{ headers: { 'X-Webhook-Key': HEADER_VALUE } },
				{ headers: { 'X-Webhook-Key': HEADER_VALUE.toUpperCase() } },
			],
			[
				'basic',
				{ headers: basic('tc', BASIC_LOGIN_VALUE) },
				{ headers: basic('tc', `${BASIC_LOGIN_VALUE}x`) },
			],
		];
		it.each(cases)(
			'%s: the right secret starts the workflow, a wrong one is 401',
			async (method, right, wrong) => {
				const accepted = await run(method, { ...right, body: event(`v2-${method}-ok`) });
				expect(accepted.status).toBe(200);
				expect(accepted.items).toHaveLength(1);
				expectNoSecret(accepted.items);
				const refused = await run(method, { ...wrong, body: event(`v2-${method}-wrong`) });
				expect(refused).toMatchObject({
					status: 401,
					body: { status: errorStatus },
					items: undefined,
				});
				expectNoSecret(refused.body);
			},
		);

		it('ignores the version 1 parameters: a key left in the node is not accepted', async () => {
			const refused = await run(
				'urlKey',
				{ query: { key: LEFTOVER_PARAMETER_VALUE }, body: event('v2-param') },
				v2(),
				{ urlKey: LEFTOVER_PARAMETER_VALUE },
			);
			expect(refused.status).toBe(401);
		});

		it('an early refusal reads no credential, and a wrong method reads nothing at all', async () => {
			const reads: string[] = [];
			expect((await run('urlKey', { method: 'GET' }, v2(reads))).status).toBe(405);
			expect(reads).toEqual([]);
			expect((await run('urlKey', { body: event('v2-nokey') }, v2(reads))).status).toBe(401);
			expect((await run('basic', { body: event('v2-nobasic') }, v2(reads))).status).toBe(401);
			expect(reads).toEqual(['parameter:authentication', 'parameter:authentication']);
		});

		it('method none reads no credential; a secret method reads exactly its own', async () => {
			const none: string[] = [];
			expect((await run('none', { body: event('v2-none') }, v2(none))).status).toBe(200);
			expect(none.filter((r) => r.startsWith('credential:'))).toEqual([]);
			const key: string[] = [];
			await run('urlKey', { query: { key: URL_PARAM_VALUE }, body: event('v2-one-read') }, v2(key));
			expect(key.filter((r) => r.startsWith('credential:'))).toEqual([
				`credential:${WEBHOOK_SECRET_CREDENTIALS.urlKey}`,
			]);
		});

		it('no credential selected, or an empty one: 500 "not set up", refusing everyone', async () => {
			const missing = await run(
				'urlKey',
				{ query: { key: URL_PARAM_VALUE }, body: event('v2-missing') },
				{ ...v2(), credentials: {} },
			);
			expect(missing).toMatchObject({
				status: 500,
				body: { status: errorStatus, message: /not set up: its credential is missing/ },
				items: undefined,
			});
			// n8n's own error text (naming the node and credential type) is not passed on.
			expect(JSON.stringify(missing.body)).not.toContain('does not have any credentials');
			const empty = await run(
				'urlKey',
				{ query: { key: '' }, body: event('v2-empty') },
				{ ...v2(), credentials: { [WEBHOOK_SECRET_CREDENTIALS.urlKey]: { secretKey: '' } } },
			);
			expect(empty.status).toBe(500);
		});

		it('writes static data only when an event is remembered: never for a refusal or a duplicate', async () => {
			const writes: string[] = [];
			const watched = (target: IDataObject): IDataObject =>
				new Proxy(target, {
					set(object, key, value) {
						writes.push(String(key));
						return Reflect.set(object, key, value);
					},
				});
			const state = { ...v2(), staticData: watched({}) };
			const accepted = await run(
				'urlKey',
				{ query: { key: URL_PARAM_VALUE }, body: event('v2-write') },
				state,
			);
			expect(accepted.status).toBe(200);
			expect(writes.length).toBeGreaterThan(0);
			writes.length = 0;
			await run('urlKey', { query: { key: URL_PARAM_VALUE }, body: event('v2-write') }, state);
			await run('urlKey', { query: { key: 'wrong' }, body: event('v2-write-2') }, state);
			await run('urlKey', { method: 'GET' }, state);
			expect(writes).toEqual([]);
		});

		it('version 1 still reads its parameters and no credential', async () => {
			const reads: string[] = [];
			const result = await callWebhook(
				node,
				{ ...params, authentication: 'urlKey', urlKey: 'v1-param-key' },
				{ query: { key: 'v1-param-key' }, body: event('v1-param') },
				{ staticData: {}, typeVersion: 1, credentials: CREDENTIALS, reads },
			);
			expect(result.status).toBe(200);
			expect(reads.filter((r) => r.startsWith('credential:'))).toEqual([]);
		});
	});
}
