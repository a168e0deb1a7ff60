'use strict';
/**
 * What npm start (and the suites) import into n8n: credentials pointing at the sandbox, the
 * example workflows, their sample requests and a ready curl line for each.
 */
const fs = require('fs');
const path = require('path');

const { ROOT } = require('./packageModule');
const EXAMPLES = path.join(ROOT, 'examples');

/** The version 2 triggers' secrets, in credentials only; the end-to-end suite looks for them everywhere else. */
const WEBHOOK_SECRETS = {
	key: 'example-secret-key',
	headerName: 'X-Webhook-Key',
	header: 'e2e-header-secret-7f3a9c2b',
	user: 'truepulse',
	password: 'e2e-basic-password-5d8e1f4a',
	segment: 'example-segment-shared-secret',
	webEngageLicense: 'example-license',
	webEngage: 'example-webengage-secret-key',
};

function webhookSecretCredentials() {
	return [
		{
			id: 'tcWebhookKey0001',
			name: 'Truecaller webhook key (example)',
			type: 'truecallerWebhookKeyApi',
			data: { secretKey: WEBHOOK_SECRETS.key },
		},
		{
			id: 'tcWebhookHdr0001',
			name: 'Webhook header (e2e)',
			type: 'truecallerWebhookHeaderApi',
			data: { headerName: WEBHOOK_SECRETS.headerName, headerSecret: WEBHOOK_SECRETS.header },
		},
		{
			id: 'tcWebhookBsc0001',
			name: 'Webhook basic auth (e2e)',
			type: 'truecallerWebhookBasicAuthApi',
			data: { user: WEBHOOK_SECRETS.user, password: WEBHOOK_SECRETS.password },
		},
		{
			id: 'tcSegmentSecr001',
			name: 'Segment shared secret (example)',
			type: 'segmentWebhookApi',
			data: { sharedSecret: WEBHOOK_SECRETS.segment },
		},
		{
			id: 'tcWebEngSecr0001',
			name: 'WebEngage webhook secret (example)',
			type: 'webEngageWebhookApi',
			data: {
				licenseCode: WEBHOOK_SECRETS.webEngageLicense,
				webhookSecretKey: WEBHOOK_SECRETS.webEngage,
			},
		},
	];
}

function sandboxCredentials(sandbox) {
	return [
		...webhookSecretCredentials(),
		{
			id: 'tcSandboxCred001',
			name: 'Truecaller (sandbox)',
			type: 'truecallerApi',
			data: { endpointUrl: sandbox.campaignUrl, orgId: sandbox.orgId, webhookToken: sandbox.token },
		},
		{
			id: 'tcBulkSandbox001',
			name: 'Truecaller Bulk API (sandbox)',
			type: 'truecallerBulkApi',
			data: {
				baseUrl: sandbox.url,
				organisationId: sandbox.orgId,
				keyId: sandbox.bulkKeyId,
				apiKey: sandbox.bulkApiKey,
			},
		},
		{
			id: 'tpSandboxCred001',
			name: 'True Pulse (sandbox)',
			type: 'truePulseApi',
			data: { endpointUrl: sandbox.truePulseUrl, headerName: '', headerSecret: '' },
		},
	];
}

/** Credentials of services the one-process suite does not run (the queue-mode example's Postgres). */
const EXTERNAL_SERVICE_CREDENTIAL_TYPES = new Set(['postgres']);
const needsOnlySandbox = (workflow) =>
	workflow.nodes.every((n) =>
		Object.keys(n.credentials ?? {}).every((type) => !EXTERNAL_SERVICE_CREDENTIAL_TYPES.has(type)),
	);

/**
 * The example workflows; `singleProcess` leaves out those needing a service the one-process suite
 * does not have (the queue-mode example's Postgres, run by the queue-mode suite).
 */
function exampleWorkflows({ singleProcess = true } = {}) {
	return fs
		.readdirSync(EXAMPLES)
		.filter((file) => file.endsWith('.json') && file !== 'sample-requests.json')
		.map((file) => JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')))
		.filter((workflow) => !singleProcess || needsOnlySandbox(workflow));
}

const sampleRequests = () =>
	JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'sample-requests.json'), 'utf8'));

/**
 * A ready curl line for a sample request. The body is sent exactly as JSON.stringify writes it: a
 * sample's signature (Segment's X-Signature) is computed over those bytes.
 */
function curlLine(webhookBase, sample) {
	const url = `${webhookBase}/webhook/${sample.path}${sample.query ?? ''}`;
	const headers = Object.entries(sample.headers ?? {})
		.map(([name, value]) => ` -H '${name}: ${value}'`)
		.join('');
	return `curl -s -X POST '${url}' -H 'Content-Type: application/json'${headers} -d '${JSON.stringify(sample.body)}'`;
}

module.exports = {
	WEBHOOK_SECRETS,
	curlLine,
	exampleWorkflows,
	sampleRequests,
	sandboxCredentials,
};
