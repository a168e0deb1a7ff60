/**
 * Campaigns for Truecaller's Bulk API (Truecaller for Business docs, "Verified Campaigns Bulk API"): the template is the one set up for the
 * campaign in the console, so a campaign names only its receiver and, per display unit, the deeplink
 * and the time to live. Pure functions; the same rules as the webhook transport where they overlap
 * (receivers, deeplinks, TTL), taken from campaign.ts and the matrix.
 */
import { type BuildOptions, checkContentField, checkTtl, issue, wireReceivers } from './campaign';
import { CONTENT_FIELDS, DISPLAY_UNITS, WIRE, fieldName, findDisplayUnit } from './matrix';
import { isSha256Hex } from '../../shared/phone';
import { type ValidationIssue, isPlainObject } from '../../shared/validation';

/** Truecaller's published limits on one bulk-upload call. */
export const BULK_LIMITS = {
	campaignsPerCall: 500,
	contents: { min: 1, max: 5 },
} as const;

export const BULK_WIRE = { campaigns: 'campaigns', contents: 'contents' } as const;

export interface BulkContent {
	display_unit: string;
	deeplink: string;
	ttl: string;
}

export interface BulkCampaign {
	campaign_id: string;
	receiver_number: string;
	contents: BulkContent[];
}

export interface BulkRequest {
	campaignId: unknown;
	receivers: unknown;
	/** Wire-keyed: [{display_unit, deeplink, ttl}]. */
	contents: unknown;
}

const CONTENT_KEYS: string[] = [WIRE.displayUnit, CONTENT_FIELDS.deeplink.wire, WIRE.ttl];

/** A content rule's problem, named by its place in the list (contents[2].ttl). */
function atField(problem: ValidationIssue, field: string): ValidationIssue {
	return {
		...problem,
		field,
		message: problem.message.replace(fieldName(problem.field), fieldName(field)),
	};
}

function checkContent(
	value: unknown,
	index: number,
	issues: ValidationIssue[],
): BulkContent | undefined {
	const at = (key: string) => `${BULK_WIRE.contents}[${index}].${key}`;
	if (!isPlainObject(value)) {
		issues.push(issue(`${BULK_WIRE.contents}[${index}]`, 'type', value, 'must be an object'));
		return undefined;
	}
	const before = issues.length;
	const unit = findDisplayUnit(value[WIRE.displayUnit]);
	if (!unit) {
		const codes = DISPLAY_UNITS.map((u) => u.wire).join(', ');
		issues.push(
			issue(at(WIRE.displayUnit), 'oneOf', value[WIRE.displayUnit], `must be one of ${codes}`),
		);
	}
	const deeplink = value[CONTENT_FIELDS.deeplink.wire];
	const linkProblem =
		deeplink === undefined || deeplink === null || deeplink === ''
			? issue(at('deeplink'), 'required', deeplink, 'is required')
			: checkContentField(CONTENT_FIELDS.deeplink, deeplink);
	if (linkProblem) issues.push(atField(linkProblem, at('deeplink')));
	const ttlProblem = checkTtl(value[WIRE.ttl]);
	if (ttlProblem) issues.push(atField(ttlProblem, at(WIRE.ttl)));
	for (const key of Object.keys(value)) {
		if (!CONTENT_KEYS.includes(key))
			issues.push(
				issue(
					at(key),
					'notAllowed',
					value[key],
					`is not a Bulk API content field (allowed: ${CONTENT_KEYS.join(', ')})`,
				),
			);
	}
	if (issues.length > before || !unit) return undefined;
	return {
		display_unit: unit.wire,
		deeplink: deeplink as string,
		ttl: String(Number(value[WIRE.ttl])),
	};
}

/**
 * Validates the display units of a bulk campaign: 1 to 5, each a known unit with a deeplink and a
 * TTL. Decision: a display unit appears once (two answers for one screen would contradict).
 */
export function validateBulkContents(contents: unknown): {
	contents: BulkContent[];
	issues: ValidationIssue[];
} {
	const issues: ValidationIssue[] = [];
	if (!Array.isArray(contents)) {
		issues.push(issue(BULK_WIRE.contents, 'type', contents, 'must be a list of display units'));
		return { contents: [], issues };
	}
	const { min, max } = BULK_LIMITS.contents;
	if (contents.length < min || contents.length > max)
		issues.push(
			issue(
				BULK_WIRE.contents,
				'count',
				contents,
				`must hold ${min} to ${max} display units, has ${contents.length}`,
			),
		);
	const checked = contents.map((value, index) => checkContent(value, index, issues));
	const seen = new Set<string>();
	checked.forEach((content, index) => {
		if (!content) return;
		if (seen.has(content.display_unit))
			issues.push(
				issue(
					`${BULK_WIRE.contents}[${index}].${WIRE.displayUnit}`,
					'unique',
					content.display_unit,
					'appears more than once; give each display unit once',
				),
			);
		seen.add(content.display_unit);
	});
	return { contents: issues.length > 0 ? [] : (checked as BulkContent[]), issues };
}

function checkCampaignId(value: unknown, issues: ValidationIssue[]): string {
	if (value === undefined || value === null || String(value).trim() === '')
		issues.push(
			issue(WIRE.campaignId, 'required', value, 'is required (the campaign ID from the console)'),
		);
	else if (typeof value !== 'string' && typeof value !== 'number')
		issues.push(issue(WIRE.campaignId, 'type', value, 'must be text or a number'));
	return String(value ?? '').trim();
}

/**
 * One bulk campaign per receiver of one input item, with the same receiver normalisation, hashing
 * and per-item deduplication as the webhook Send. Nothing to send when anything is invalid.
 */
export function buildBulkCampaigns(
	request: BulkRequest,
	options: BuildOptions,
): { campaigns: BulkCampaign[]; issues: ValidationIssue[] } {
	const issues: ValidationIssue[] = [];
	const campaignId = checkCampaignId(request.campaignId, issues);
	const receivers = wireReceivers(request.receivers, options, issues);
	const { contents, issues: contentIssues } = validateBulkContents(request.contents);
	issues.push(...contentIssues);
	if (issues.length > 0) return { campaigns: [], issues };
	return {
		campaigns: receivers.map((receiver_number) => ({
			campaign_id: campaignId,
			receiver_number,
			contents,
		})),
		issues,
	};
}

export interface QueuedCampaign {
	campaign: BulkCampaign;
	itemIndex: number;
}

export interface SkippedCampaign extends QueuedCampaign {
	/** The item whose identical campaign is sent instead. */
	firstItemIndex: number;
}

/**
 * The run's campaigns in item order, each campaign-and-receiver pair once, with the item that named
 * it first; the repeats apart.
 */
export function onceAcrossRun(items: Array<{ itemIndex: number; campaigns: BulkCampaign[] }>): {
	queued: QueuedCampaign[];
	skipped: SkippedCampaign[];
} {
	const queued: QueuedCampaign[] = [];
	const skipped: SkippedCampaign[] = [];
	const firstItemOf = new Map<string, number>();
	for (const { itemIndex, campaigns } of items) {
		for (const campaign of campaigns) {
			const key = `${campaign.campaign_id}\n${campaign.receiver_number}`;
			const firstItemIndex = firstItemOf.get(key);
			if (firstItemIndex === undefined) {
				firstItemOf.set(key, itemIndex);
				queued.push({ campaign, itemIndex });
			} else skipped.push({ campaign, itemIndex, firstItemIndex });
		}
	}
	return { queued, skipped };
}

/** What Truecaller would refuse in a bulk-upload body (the sandbox answers 400 with these). */
export function checkBulkBody(body: unknown): string[] {
	if (!isPlainObject(body)) return ['body must be a JSON object'];
	const campaigns = body[BULK_WIRE.campaigns];
	if (!Array.isArray(campaigns)) return ['campaigns must be a list'];
	const problems: string[] = [];
	if (campaigns.length < 1 || campaigns.length > BULK_LIMITS.campaignsPerCall)
		problems.push(
			`campaigns must hold 1 to ${BULK_LIMITS.campaignsPerCall} campaigns, has ${campaigns.length}`,
		);
	campaigns.forEach((campaign: unknown, index) => {
		if (!isPlainObject(campaign)) {
			problems.push(`campaigns[${index}] must be an object`);
			return;
		}
		const receiver = String(campaign[WIRE.receiverNumber] ?? '');
		const issues: ValidationIssue[] = [];
		checkCampaignId(campaign[WIRE.campaignId], issues);
		if (!/^\d{12}$/.test(receiver) && !isSha256Hex(receiver))
			problems.push(`campaigns[${index}].receiver_number must be 12 digits or a SHA-256`);
		issues.push(...validateBulkContents(campaign[BULK_WIRE.contents]).issues);
		problems.push(...issues.map((i) => `campaigns[${index}]: ${i.message}`));
	});
	return problems;
}
