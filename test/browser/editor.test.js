'use strict';
/**
 * The editor as a user sees it: Debian's Chromium, headless, driven by playwright-core, against a
 * real n8n 2.41.1 with the packed package and the example workflows. Checks that the URL to paste
 * into Truecaller is on screen for the Call Me Back example's trigger and for a new Truecaller
 * Trigger, that a request refused while listening shows in the editor, that the Send node shows its
 * display-name subtitle and the Image URL hint of the chosen cell (two cells), what the node search
 * says, and that the output schemas are served. Screenshots: .n8n-local/browser/ (gitignored).
 *
 * Ports: N8N_BROWSER_PORT (default 5780) for n8n, +1000 for its task broker, +7 for its CLI.
 * Chromium: /usr/bin/chromium (npm run test:browser installs it when missing; CHROMIUM_PATH overrides).
 */
const assert = require('node:assert/strict');
const path = require('node:path');
const { after, before, test } = require('node:test');

const { ROOT, startEditorSession } = require('../support/editorSession');

const VERSION = '2.41.1';
const PORT = Number(process.env.N8N_BROWSER_PORT || 5780);
const TYPE = 'n8n-nodes-truecaller';
const PASTE_URL = '<Production URL>?key=<your secret key>';

let session;
let n8n;
let page;
const shot = async (name) => await session.shot(name);
const visibleText = async () => await session.visibleText();
const createWorkflow = async (name, nodes) => await session.createWorkflow(name, nodes);
const openNode = async (workflowId, nodeId) => await session.openNode(workflowId, nodeId);

before(
	async () => {
		session = await startEditorSession({
			version: VERSION,
			port: PORT,
			shots: path.join(ROOT, '.n8n-local', 'browser'),
		});
		({ n8n, page } = session);
	},
	{ timeout: 15 * 60 * 1000 },
);

after(async () => await session?.close());

test('the Call Me Back example: the trigger panel says which URL to paste', async () => {
	await openNode('tcExampleCmb0001', 'b3f1c3a0-0001-4000-8000-000000000001');
	await shot('trigger-call-me-back');
	const text = await visibleText();
	assert.ok(text.includes(`Paste into the Truecaller console: ${PASTE_URL}`), text.slice(0, 3000));
	assert.match(text, /Webhook URLs\) followed by \?key=<your secret key>/, 'activation hint');
	assert.ok(!text.includes('example-secret-key'), 'the secret itself is never shown');
});

test('listening for a test event: a request refused 401 shows in the editor with the reason', async () => {
	await openNode('tcExampleCmb0001', 'b3f1c3a0-0001-4000-8000-000000000001');
	await page.locator('[data-test-id="trigger-execute-button"]').first().click();
	await page.getByText('Listening for test event').first().waitFor({ timeout: 30000 });
	let status;
	for (let tries = 0; tries < 40 && status !== 401; tries++) {
		// The test webhook is registered a moment after the button is clicked (404 until then).
		const response = await fetch(`${n8n.baseUrl}/webhook-test/truecaller-events`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ event_id: 'browser-1', event_type: 'cmb' }),
		});
		status = response.status;
		if (status !== 401) await page.waitForTimeout(500);
	}
	assert.equal(status, 401, 'the sender is refused');
	await page.getByText('Test event not taken').first().waitFor({ timeout: 30000 });
	await shot('trigger-refused-test-event');
	const text = await visibleText();
	assert.match(text, /Missing secret key/);
});

test('a new Truecaller Trigger: the URL to paste is on screen too (the panel is not blank)', async () => {
	const id = await createWorkflow('New Truecaller Trigger', [
		{
			name: 'Truecaller Trigger',
			type: `${TYPE}.truecallerTrigger`,
			parameters: {},
			webhookId: '4b5e7c1e-1111-4000-8000-000000000001',
		},
	]);
	await openNode(id, '00000000-0000-4000-8000-000000000000');
	await shot('trigger-new');
	const text = await visibleText();
	assert.ok(text.includes(`Paste into the Truecaller console: ${PASTE_URL}`), text.slice(0, 3000));
	assert.match(text, /Webhook URLs\) followed by \?key=<your secret key>/, 'activation hint');
});

test('the Send node: display-name subtitle, and the Image URL hint of two cells', async () => {
	const send = (displayUnit, templateStyle) => ({
		type: `${TYPE}.truecaller`,
		parameters: {
			resource: 'verifiedCampaign',
			operation: 'send',
			campaignId: 'spring-42',
			receivers: '9841012345',
			contentMode: 'fields',
			displayUnit,
			templateStyle,
		},
	});
	const id = await createWorkflow('Send cells', [
		{ name: 'Caller ID banner', ...send('cid', '2') },
		{ name: 'Message ID side image', ...send('mid', '3') },
	]);
	await openNode(id, '00000000-0000-4000-8000-000000000000');
	await page.getByText('Banner 320x140 px').scrollIntoViewIfNeeded();
	await shot('send-cid-2');
	let text = await visibleText();
	assert.ok(text.includes('Banner 320x140 px'), text.slice(0, 3000));
	assert.ok(!text.includes('100x140'), 'no side-image size for a banner template');

	await openNode(id, '00000000-0000-4000-8000-000000000001');
	await page.getByText('Side image 100x100 px').scrollIntoViewIfNeeded();
	await shot('send-mid-3');
	text = await visibleText();
	assert.ok(text.includes('Side image 100x100 px'), text.slice(0, 3000));
	assert.ok(!text.includes('320x100'), 'no banner size for a side-image template');

	// The canvas, NDV closed: the subtitles read as display names.
	await page.goto(`${n8n.baseUrl}/workflow/tcExampleCtap001`, { waitUntil: 'load' });
	await page.getByText('Send Verified Campaign').first().waitFor({ timeout: 60000 });
	await page.waitForTimeout(1500);
	await shot('canvas-clevertap');
	text = await visibleText();
	assert.ok(text.includes('Audience from CleverTap'), text.slice(0, 3000));
	// The node is named "Send Verified Campaign" too: its name, then its subtitle.
	assert.match(text, /Send Verified Campaign\s+Send Verified Campaign/);
	assert.ok(!text.includes('send: verifiedCampaign'), 'no raw values in subtitles');
	assert.ok(!text.includes('fromCleverTapWebhook: audience'), 'no raw values in subtitles');
});

test('node search: the merged Truecaller entry describes both nodes', async () => {
	await page.goto(`${n8n.baseUrl}/workflow/tcExampleCtap001`, { waitUntil: 'load' });
	await page.getByText('Audience from CleverTap').first().waitFor({ timeout: 60000 });
	await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
	await page.waitForTimeout(1500);
	await page.keyboard.type('Truecaller');
	await page
		.getByText('Send Truecaller for Business Verified Campaigns, or start')
		.first()
		.waitFor({ timeout: 30000 });
	await shot('node-search');
	const text = await visibleText();
	assert.ok(!text.includes('Starts the workflow on Truecaller'), text.slice(0, 3000));
	await page.keyboard.press('Escape');
});

test('output schemas are served for the editor', async () => {
	for (const route of [
		`/schemas/${TYPE}.truecaller/1.0.0/verifiedCampaign/send.json`,
		`/schemas/${TYPE}.truecaller/1.0.0/audience/fromCleverTapWebhook.json`,
		`/schemas/${TYPE}.truePulse/1.0.0/callEndEvent/send.json`,
		`/schemas/${TYPE}.truecallerTrigger/1.0.0.json`,
		`/schemas/${TYPE}.truePulseTrigger/1.0.0.json`,
	]) {
		const response = await fetch(`${n8n.baseUrl}${route}`);
		assert.equal(response.status, 200, route);
		const schema = await response.json();
		assert.equal(schema.type, 'object', route);
		assert.ok(Object.keys(schema.properties).length > 0, route);
	}
});
