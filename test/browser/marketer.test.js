'use strict';
/**
 * What a marketer meets in n8n's editor, on both hosts (2.41.1 and 2.8.4, whose editors differ):
 * an invalid campaign is named above Build Payload's output, Build Payload asks for no credential,
 * each limited field shows its limit and the required ones their marker, display units read without
 * wire codes, the node picker lists the actions by their operation names, the trigger shows User
 * Feedback Event Type only with User Feedback, and the webhook and Segment secret credentials claim
 * no test.
 *
 * Screenshots: test-artifacts/editor/<phase>-<n8n version>-<step>.png, the phase from
 * EDITOR_SHOTS_PHASE (default "after"; "before" when run against an older tarball through
 * N8N_E2E_TARBALL). Ports: N8N_BROWSER_PORT (default 5780) + 10 per host, +1000 for its broker.
 */
const assert = require('node:assert/strict');
const path = require('node:path');
const { after, before, describe, test } = require('node:test');

const { WEBHOOK_SECRETS } = require('../../dev/examples');
const { PACKAGE, ROOT, startEditorSession } = require('../support/editorSession');

const VERSIONS = (process.env.N8N_BROWSER_VERSIONS || '2.41.1,2.8.4').split(',');
const BASE_PORT = Number(process.env.N8N_BROWSER_PORT || 5780);
const PHASE = process.env.EDITOR_SHOTS_PHASE || 'after';
const SHOTS = path.join(ROOT, 'test-artifacts', 'editor');
const LONG_TITLE = 'Your order is on its way, track it live today';

const campaignNode = (name, operation, extra = {}) => ({
	name,
	type: `${PACKAGE}.truecaller`,
	parameters: {
		resource: 'verifiedCampaign',
		operation,
		campaignId: 'spring-42',
		receivers: '9841012345',
		contentMode: 'fields',
		displayUnit: 'acs-missed-rejected',
		templateStyle: '1',
		themeColor: '#0087FF',
		textColor: '#FFFFFF',
		title: LONG_TITLE,
		subTitle: 'Flat 50% off your next order',
		callToAction: 'Redeem',
		deeplink: 'https://example.com/offers',
		...extra,
	},
});

VERSIONS.forEach((version, index) => {
	describe(`n8n ${version}`, { timeout: 20 * 60 * 1000 }, () => {
		let session;
		let page;
		const shot = async (step) => await session.shot(`${PHASE}-${version}-${step}`);
		const text = async () => await session.visibleText();

		before(
			async () => {
				session = await startEditorSession({
					version,
					port: BASE_PORT + index * 10,
					shots: SHOTS,
				});
				page = session.page;
			},
			{ timeout: 15 * 60 * 1000 },
		);
		after(async () => await session?.close());

		test('an invalid campaign: the output pane names the item and the field', async () => {
			assert.equal([...LONG_TITLE].length, 45);
			const id = await session.createWorkflow(
				'Build Payload, title too long',
				[
					{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} },
					campaignNode('Build', 'buildPayload'),
				],
				{ Start: { main: [[{ node: 'Build', type: 'main', index: 0 }]] } },
			);
			await page.goto(`${session.n8n.baseUrl}/workflow/${id}`, { waitUntil: 'load' });
			const execute = page.locator('[data-test-id="execute-workflow-button"]');
			await execute.waitFor({ timeout: 120000 });
			await execute.click();
			await page.waitForTimeout(3000);
			await page.locator('[data-test-id="canvas-node"][data-node-name="Build"]').dblclick();
			await page.locator('[data-test-id="ndv"]').first().waitFor({ timeout: 60000 });
			await page.waitForTimeout(2000);
			await shot('build-payload-invalid-output');
			const shown = await text();
			assert.match(shown, /Invalid campaign, Send would refuse it/);
			assert.match(shown, /Item 0: Title \(`title`\) must be at most 40 characters, has 45/);
		});

		test('Build Payload asks for no credential and says how to see the preview; Send asks for its credential', async () => {
			const id = await session.createWorkflow('Credentials per operation', [
				campaignNode('Build', 'buildPayload'),
				campaignNode('Send', 'send'),
			]);
			await session.openNode(id, '00000000-0000-4000-8000-000000000000');
			await shot('build-payload-parameters');
			let shown = await text();
			assert.match(shown, /Sends nothing, so no credential is needed/);
			assert.match(shown, /open it in a browser/);
			assert.equal(await page.locator('[data-test-id="node-credentials-select"]').count(), 0);
			await session.openNode(id, '00000000-0000-4000-8000-000000000001');
			shown = await text();
			assert.ok(!shown.includes('Sends nothing, so no credential is needed'));
			assert.ok(
				(await page.locator('[data-test-id="node-credentials-select"]').count()) > 0,
				'Send shows its credential',
			);
		});

		test('limits under the fields, display units without wire codes', async () => {
			const id = await session.createWorkflow('Field limits', [campaignNode('Send', 'send')]);
			await session.openNode(id, '00000000-0000-4000-8000-000000000000');
			await page
				.getByText('Up to 40 characters, shown on 2 lines')
				.first()
				.scrollIntoViewIfNeeded();
			await shot('send-field-limits');
			const shown = await text();
			for (const hint of [
				'Up to 40 characters, shown on 2 lines',
				'Up to 60 characters, shown on 2 lines',
				'Up to 15 characters, shown on 1 line',
			])
				assert.ok(shown.includes(hint), hint);
			await page.locator('[data-test-id="parameter-input-displayUnit"]').first().click();
			const options = page.locator('.el-select-dropdown__item:visible');
			await options.first().waitFor({ timeout: 10000 });
			await shot('send-display-unit-options');
			const labels = await options.allInnerTexts();
			assert.ok(
				labels.some((label) => label.includes('After-Call Screen: Missed or Rejected')),
				labels.join(' | '),
			);
			for (const code of ['(cid)', '(mid)', '(acs-answered)', '(acs-missed-rejected)'])
				assert.ok(!labels.join(' ').includes(code), `${code} in ${labels.join(' | ')}`);
			await page.keyboard.press('Escape');
		});

		test("a required field left empty gets n8n's issue marker (n8n draws no asterisk)", async () => {
			const id = await session.createWorkflow('Required fields', [
				campaignNode('Send', 'send', { title: '' }),
			]);
			await session.openNode(id, '00000000-0000-4000-8000-000000000000');
			const item = (name) =>
				page
					.locator('[data-test-id="parameter-item"]')
					.filter({ has: page.locator(`[data-test-id="parameter-input-${name}"]`) })
					.first();
			await item('title').scrollIntoViewIfNeeded();
			await shot('send-required-title-empty');
			assert.equal(await item('title').locator('[data-test-id="parameter-issues"]').count(), 1);
			assert.equal(await item('subTitle').locator('[data-test-id="parameter-issues"]').count(), 0);
		});

		test('the node picker lists the actions by their operation names', async () => {
			const id = await session.createWorkflow('Picker', [
				{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} },
			]);
			await page.goto(`${session.n8n.baseUrl}/workflow/${id}`, { waitUntil: 'load' });
			await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60000 });
			await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
			await page.waitForTimeout(1000);
			await page.keyboard.type('Truecaller');
			await page.waitForTimeout(1500);
			await page
				.locator('[data-test-id="node-creator-item-name"]', { hasText: /^Truecaller$/ })
				.first()
				.click();
			await page.waitForTimeout(1500);
			await shot('node-picker-actions');
			const shown = await text();
			for (const action of ['Build Payload', 'Send in Bulk', 'From CleverTap Webhook'])
				assert.ok(shown.includes(action), action);
			for (const old of ['Build a verified campaign payload', 'Turn a CleverTap webhook'])
				assert.ok(!shown.includes(old), old);
			await page.keyboard.press('Escape');
		});

		test('Truecaller Trigger: User Feedback Event Type only with User Feedback selected', async () => {
			const trigger = (name, events, webhookId) => ({
				name,
				type: `${PACKAGE}.truecallerTrigger`,
				typeVersion: 2,
				parameters: { path: `tc-${webhookId}`, ...(events ? { events } : {}) },
				webhookId: `4b5e7c1e-2222-4000-8000-00000000000${webhookId}`,
			});
			const id = await session.createWorkflow('Trigger fields', [
				trigger('Call Me Back only', ['callMeBack'], 1),
				trigger('Every event', undefined, 2),
			]);
			await session.openNode(id, '00000000-0000-4000-8000-000000000000');
			await shot('trigger-call-me-back-only');
			assert.ok(!(await text()).includes('User Feedback Event Type'));
			await session.openNode(id, '00000000-0000-4000-8000-000000000001');
			await page.getByText('User Feedback Event Type').first().scrollIntoViewIfNeeded();
			await shot('trigger-every-event');
			assert.ok((await text()).includes('User Feedback Event Type'));
		});

		for (const credential of [
			{ id: 'tcWebhookKey0001', title: /Incoming Webhook Secret Key \(Truecaller, True Pulse\)/ },
			{ id: 'tcSegmentSecr001', title: /Segment Webhook Shared Secret API/ },
		])
			test(`the ${credential.id} credential is named for what it is and claims no tested connection`, async () => {
				await page.goto(`${session.n8n.baseUrl}/home/credentials/${credential.id}`, {
					waitUntil: 'load',
				});
				await page.getByText('Not tested here').first().waitFor({ timeout: 60000 });
				await page.waitForTimeout(1500);
				await shot(`credential-${credential.id}`);
				const shown = await text();
				assert.match(shown, credential.title);
				assert.ok(!shown.includes('Connection tested successfully'), shown.slice(0, 2000));
				for (const secret of [WEBHOOK_SECRETS.key, WEBHOOK_SECRETS.segment])
					assert.ok(!shown.includes(secret), 'the secret itself is never shown');
				await page.keyboard.press('Escape');
			});
	});
});
