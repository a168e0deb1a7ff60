/**
 * Campaigns for Truecaller's Bulk API (Truecaller for Business docs, "Verified Campaigns Bulk API"): the template is the one set up for the
 * campaign in the console, so a campaign names only its receiver and, per display unit, the deeplink
 * and the time to live. Pure functions; the same rules as the webhook transport where they overlap
 * (receivers, deeplinks, TTL), taken from campaign.ts and the matrix.
 */
import { z } from 'zod/v4';

import {
	type BuildOptions,
	campaignIdSchema,
	contentFieldSchema,
	displayUnitSchema,
	issue,
	ttlSchema,
	wireReceivers,
} from './campaign';
import { CONTENT_FIELDS, WIRE, campaignFieldLabel, findDisplayUnit } from './matrix';
import { type ValidationIssue, noOtherKeys, parseWith } from '../../shared/validation';

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

/** One display unit of a bulk campaign: which unit, its deeplink and its time to live. */
const bulkContentSchema = z
	.object(
		{
			[WIRE.displayUnit]: displayUnitSchema.overwrite((value) => findDisplayUnit(value)!.wire),
			[CONTENT_FIELDS.deeplink.wire]: contentFieldSchema(CONTENT_FIELDS.deeplink, 'is required'),
			[WIRE.ttl]: ttlSchema,
		},
		{ error: 'must be an object' },
	)
	.catchall(
		noOtherKeys(() => `is not a Bulk API content field (allowed: ${CONTENT_KEYS.join(', ')})`),
	);

function checkContent(
	value: unknown,
	index: number,
	issues: ValidationIssue[],
): BulkContent | undefined {
	const parsed = parseWith(bulkContentSchema, value, {
		prefix: `${BULK_WIRE.contents}[${index}]`,
		labelOf: campaignFieldLabel,
	});
	if (parsed.ok) {
		const { display_unit, deeplink, ttl } = parsed.data as Record<string, string>;
		return { display_unit, deeplink, ttl };
	}
	issues.push(...parsed.issues);
	return undefined;
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

const bulkCampaignIdSchema = campaignIdSchema('is required (the campaign ID from the console)');

function checkCampaignId(value: unknown, issues: ValidationIssue[]): string {
	const parsed = parseWith(bulkCampaignIdSchema, value, {
		prefix: WIRE.campaignId,
		labelOf: campaignFieldLabel,
	});
	if (parsed.ok) return parsed.data;
	issues.push(...parsed.issues);
	return '';
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
