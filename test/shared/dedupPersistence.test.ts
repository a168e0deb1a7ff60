/**
 * How the triggers' remembered ids reach n8n's database, modelled with n8n-workflow's own
 * ObservableObject (the "changed" mark n8n checks before it saves static data) and the order of
 * steps of n8n's live webhooks: load static data, webhook(), create the execution, read the answer,
 * save static data if marked changed. The real thing is measured in test/e2e/suite.test.js.
 */
import { type IDataObject, ObservableObject } from 'n8n-workflow';

import { TruecallerTrigger } from '../../nodes/Truecaller/TruecallerTrigger.node';
import { TruePulseTrigger } from '../../nodes/TruePulse/TruePulseTrigger.node';
import {
	DedupStore,
	dedupStoreFor,
	forgetAllDedupStores,
} from '../../nodes/shared/webhook/dedupStore';
import { callWebhook } from '../support/harness';
import cmbSeed from '../support/seeds/truecaller-cmb.json';
import callEndSeed from '../support/seeds/truepulse-call-end.json';

const HOUR = 3600 * 1000;
const T0 = Date.parse('2026-11-21T10:15:00Z');
const SETTINGS = { retentionHours: 96, maxEntries: 1000 };

beforeEach(() => forgetAllDedupStores());

/** One webhook request as n8n 2.41 handles it; returns whether n8n would save static data. */
async function requestAs241(
	database: { staticData: IDataObject },
	send: (state: Parameters<typeof callWebhook>[3]) => Promise<unknown>,
): Promise<boolean> {
	const loaded = JSON.parse(JSON.stringify(database.staticData)) as IDataObject;
	const staticData = ObservableObject.create(loaded) as IDataObject & { __dataChanged: boolean };
	await send({
		staticData,
		// WorkflowRunner.establishContextForPersistence wraps the same object again: mark cleared.
		startExecution: () => ObservableObject.create(loaded),
	});
	if (!staticData.__dataChanged) return false;
	database.staticData = JSON.parse(JSON.stringify(staticData));
	return true;
}

describe('remembered ids reach the database on n8n 2.41', () => {
	it('Truecaller Trigger: every accepted event is saved, though n8n clears the mark when it starts the run', async () => {
		const database = { staticData: {} as IDataObject };
		const node = new TruecallerTrigger();
		const parameters = { authentication: 'none', events: ['callMeBack'], options: {} };
		for (let i = 0; i < 3; i++) {
			const saved = await requestAs241(database, (state) =>
				callWebhook(node, parameters, { body: { ...cmbSeed, event_id: `e-${i}` } }, state),
			);
			expect(saved).toBe(true);
		}
		forgetAllDedupStores();
		const restored = dedupStoreFor('any', SETTINGS, database.staticData.dedup, Date.now());
		expect(['e-0', 'e-1', 'e-2'].map((id) => restored.has(id))).toEqual([true, true, true]);
	});

	it('True Pulse Trigger: the same', async () => {
		const database = { staticData: {} as IDataObject };
		const node = new TruePulseTrigger();
		const parameters = { authentication: 'none', defaultCountryCode: '91', options: {} };
		for (let i = 0; i < 2; i++) {
			await requestAs241(database, (state) =>
				callWebhook(node, parameters, { body: { ...callEndSeed, tpCallID: `c-${i}` } }, state),
			);
		}
		forgetAllDedupStores();
		const answer = await callWebhook(
			node,
			parameters,
			{ body: { ...callEndSeed, tpCallID: 'c-1' } },
			{ staticData: database.staticData },
		);
		expect(answer.items).toBeUndefined();
		expect(answer.body).toEqual({
			status: 'SUCCESS',
			message: 'Already received call c-1; not processed again.',
		});
	});

	it('a duplicate (nothing started) saves ids the database lacks, and nothing when it has them all', async () => {
		const database = { staticData: {} as IDataObject };
		const node = new TruecallerTrigger();
		const parameters = { authentication: 'none', events: ['callMeBack'], options: {} };
		await callWebhook(
			node,
			parameters,
			{ body: { ...cmbSeed, event_id: 'lost' } },
			{
				staticData: {},
			},
		);
		const repeat = () =>
			requestAs241(database, (state) =>
				callWebhook(node, parameters, { body: { ...cmbSeed, event_id: 'lost' } }, state),
			);
		expect(await repeat()).toBe(true);
		expect(await repeat()).toBe(false);
	});
});

describe('what other processes and other nodes save', () => {
	it('ids saved by another process are merged in on the next request', () => {
		const other = new DedupStore(SETTINGS);
		other.claim('from-other-process', T0);
		const first = dedupStoreFor('wf:node', SETTINGS, undefined, T0);
		expect(first.claim('mine', T0)).toBe('new');
		const store = dedupStoreFor('wf:node', SETTINGS, other.serialize(T0), T0 + HOUR);
		expect(store.claim('from-other-process', T0 + HOUR)).toBe('duplicate');
		expect(store.claim('mine', T0 + HOUR)).toBe('duplicate');
	});

	it('an older copy saved by another node does not erase ids: the next save writes them all', () => {
		const store = dedupStoreFor('wf:node', SETTINGS, undefined, T0);
		store.claim('a', T0);
		const older = store.serialize(T0);
		store.claim('b', T0);
		dedupStoreFor('wf:node', SETTINGS, older, T0);
		expect(store.isSavedIn(older)).toBe(false);
		const restored = new DedupStore(SETTINGS);
		restored.hydrate(store.serialize(T0), T0);
		expect([restored.has('a'), restored.has('b')]).toEqual([true, true]);
	});

	it('an id forgotten on purpose is not brought back by an older saved copy', () => {
		const store = dedupStoreFor('wf:node', SETTINGS, undefined, T0);
		store.claim('failed-to-start', T0);
		const older = store.serialize(T0);
		store.forget('failed-to-start');
		dedupStoreFor('wf:node', SETTINGS, older, T0);
		expect(store.claim('failed-to-start', T0)).toBe('new');
	});
});
