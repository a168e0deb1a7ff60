'use strict';
/**
 * What Truecaller would refuse in a bulk-upload body: the sandbox answers 400 with these problems.
 * Built from the package's own rules (the campaign ID schema, the display-unit validation, the
 * receiver formats), so the sandbox and the node cannot disagree about what is valid.
 */
const { packageModule } = require('../packageModule');
const { BULK_LIMITS, BULK_WIRE, validateBulkContents } = packageModule(
	'nodes/Truecaller/campaign/bulk',
);
const { campaignIdSchema } = packageModule('nodes/Truecaller/campaign/campaign');
const { WIRE, campaignFieldLabel } = packageModule('nodes/Truecaller/campaign/matrix');
const { isSha256Hex } = packageModule('nodes/shared/phone');
const { isPlainObject, parseWith } = packageModule('nodes/shared/validation');

const campaignId = campaignIdSchema();

function campaignProblems(campaign) {
	const problems = [];
	const id = parseWith(campaignId, campaign[WIRE.campaignId], {
		prefix: WIRE.campaignId,
		labelOf: campaignFieldLabel,
	});
	if (!id.ok) problems.push(...id.issues.map((issue) => issue.message));
	const receiver = String(campaign[WIRE.receiverNumber] ?? '');
	if (!/^\d{12}$/.test(receiver) && !isSha256Hex(receiver))
		problems.push('receiver_number must be 12 digits or a SHA-256');
	problems.push(
		...validateBulkContents(campaign[BULK_WIRE.contents]).issues.map((issue) => issue.message),
	);
	return problems;
}

function checkBulkBody(body) {
	if (!isPlainObject(body)) return ['body must be a JSON object'];
	const campaigns = body[BULK_WIRE.campaigns];
	if (!Array.isArray(campaigns)) return ['campaigns must be a list'];
	const problems = [];
	const { campaignsPerCall } = BULK_LIMITS;
	if (campaigns.length < 1 || campaigns.length > campaignsPerCall)
		problems.push(
			`campaigns must hold 1 to ${campaignsPerCall} campaigns, has ${campaigns.length}`,
		);
	campaigns.forEach((campaign, index) => {
		if (!isPlainObject(campaign)) problems.push(`campaigns[${index}] must be an object`);
		else
			problems.push(
				...campaignProblems(campaign).map((problem) => `campaigns[${index}]: ${problem}`),
			);
	});
	return problems;
}

module.exports = { checkBulkBody };
