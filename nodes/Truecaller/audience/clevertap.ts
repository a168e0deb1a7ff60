/**
 * CleverTap webhook campaign bodies (README, "Audience: From CleverTap Webhook"; CleverTap's
 * webhook documentation) turned into one audience member per profile: `profiles` is an array in broadcasts and one object otherwise, key case varies
 * between CleverTap's own samples, and the phone is a top-level E.164 `phone` in newer bodies or
 * sits in the profile data in older ones. Pure, one pass, profiles referenced, never copied.
 */
import { z } from 'zod/v4';

import { toTruecallerNumber } from '../../shared/phone';
import {
	type ValidationIssue,
	describe,
	parseIfJsonText,
	parseWith,
} from '../../shared/validation';
import { asObject, canonicalKeys, field, isPresent } from './keys';

export interface AudienceMember {
	/** The phone as CleverTap sent it, and where it was found. */
	phone: string;
	phoneSource: string;
	/** Truecaller's wire form: 12 digits, or the SHA-256 CleverTap may already hold. */
	receiver: string;
	identity: unknown;
	email: unknown;
	name: unknown;
	cleverTapId: unknown;
	profileData: unknown;
	eventProperties: unknown;
	pushToken: unknown;
	targetId: unknown;
	keyValues: Record<string, unknown>;
	profile: Record<string, unknown>;
}

export interface ProfileWithoutPhone {
	index: number;
	label: string;
	reason: string;
	profile: unknown;
}

export type CleverTapParse =
	| {
			ok: true;
			isTest: boolean;
			targetId: unknown;
			members: AudienceMember[];
			withoutPhone: ProfileWithoutPhone[];
			profileCount: number;
	  }
	| { ok: false; reason: string; issues?: ValidationIssue[] };

function findPhone(
	profile: Record<string, unknown>,
	profileData: Record<string, unknown> | undefined,
): [unknown, string] {
	const direct = field(profile, 'phone');
	if (isPresent(direct)) return [direct, 'phone'];
	const nested = profileData ? field(profileData, 'phone') : undefined;
	if (isPresent(nested)) return [nested, 'profileData.phone'];
	return [undefined, ''];
}

function profileLabel(profile: Record<string, unknown>, index: number): string {
	for (const key of ['identity', 'objectId', 'email']) {
		const value = field(profile, key);
		if (typeof value === 'string' && value) return `profile ${index} (${key} ${value})`;
	}
	return `profile ${index}`;
}

/** The keys of a CleverTap body this package reads; profiles are referenced, not copied. */
const BODY_KEYS = ['targetId', 'is_test', 'key_values', 'profiles'];

const bodyObject = <T extends Record<string, z.ZodType>>(shape: T) =>
	z.preprocess(canonicalKeys(BODY_KEYS), z.object(shape, { error: 'must be a JSON object' }));

/** Any body: is it CleverTap's test body (sent when a webhook is saved)? */
const envelopeSchema = bodyObject({ targetId: z.unknown(), is_test: z.unknown() });

/** A campaign body: profiles as an array (broadcast) or one object, campaign key values optional. */
const campaignSchema = bodyObject({
	targetId: z.unknown(),
	key_values: z.unknown().transform(asObject),
	profiles: z.union(
		[z.array(z.unknown()), z.record(z.string(), z.unknown()).transform((profile) => [profile])],
		{ error: 'must be an array (broadcast) or an object (one profile)' },
	),
});

function refused(issues: ValidationIssue[]): {
	ok: false;
	reason: string;
	issues: ValidationIssue[];
} {
	return {
		ok: false,
		reason: `CleverTap body: ${issues.map((i) => i.message).join('; ')}`,
		issues,
	};
}

/** What a campaign body gives every one of its profiles. */
interface CampaignContext {
	countryCode: string;
	targetId: unknown;
	keyValues: Record<string, unknown>;
}

/** One profile with a usable phone, as an audience member: its own key values over the campaign's. */
function audienceMember(
	profile: Record<string, unknown>,
	profileData: Record<string, unknown> | undefined,
	phone: { value: unknown; source: string; receiver: string },
	campaign: CampaignContext,
): AudienceMember {
	const ownKeyValues = asObject(field(profile, 'key_values'));
	return {
		phone: String(phone.value),
		phoneSource: phone.source,
		receiver: phone.receiver,
		identity: field(profile, 'identity') ?? null,
		email: field(profile, 'email') ?? null,
		name: field(profile, 'name') ?? (profileData ? field(profileData, 'name') : undefined) ?? null,
		cleverTapId: field(profile, 'objectId') ?? null,
		profileData: profileData ?? null,
		eventProperties: field(profile, 'event_properties') ?? null,
		pushToken: field(profile, 'push_token') ?? null,
		targetId: campaign.targetId,
		keyValues: ownKeyValues ? { ...campaign.keyValues, ...ownKeyValues } : campaign.keyValues,
		profile,
	};
}

/** One entry of `profiles`: an audience member, or why it has no usable phone. */
function readProfile(
	candidate: unknown,
	index: number,
	campaign: CampaignContext,
): { member: AudienceMember } | { withoutPhone: ProfileWithoutPhone } {
	const profile = asObject(candidate);
	if (!profile) {
		const reason = `is not an object (${describe(candidate)})`;
		return { withoutPhone: { index, label: `profile ${index}`, reason, profile: candidate } };
	}
	const withoutPhone = (reason: string) => ({
		withoutPhone: { index, label: profileLabel(profile, index), reason, profile },
	});
	const profileData = asObject(field(profile, 'profileData'));
	const [phone, phoneSource] = findPhone(profile, profileData);
	if (phone === undefined)
		return withoutPhone('has no phone (looked at phone and profileData.phone)');
	const number = toTruecallerNumber(phone, campaign.countryCode);
	if (!number.ok)
		return withoutPhone(`has an unusable ${phoneSource}: ${number.reason}; got ${describe(phone)}`);
	const found = { value: phone, source: phoneSource, receiver: number.value };
	return { member: audienceMember(profile, profileData, found, campaign) };
}

export function parseCleverTapBody(input: unknown, countryCode: string): CleverTapParse {
	const text = parseIfJsonText(input, 'body');
	if (!text.ok) return refused([text.issue]);
	const envelope = parseWith(envelopeSchema, text.value);
	if (!envelope.ok) return refused(envelope.issues);
	const targetId = envelope.data.targetId ?? null;
	if (envelope.data.is_test === true || envelope.data.is_test === 'true')
		return { ok: true, isTest: true, targetId, members: [], withoutPhone: [], profileCount: 0 };

	const campaign = parseWith(campaignSchema, text.value);
	if (!campaign.ok) return refused(campaign.issues);
	const { profiles } = campaign.data;
	const context = { countryCode, targetId, keyValues: campaign.data.key_values ?? {} };
	const members: AudienceMember[] = [];
	const withoutPhone: ProfileWithoutPhone[] = [];
	profiles.forEach((candidate, index) => {
		const outcome = readProfile(candidate, index, context);
		if ('member' in outcome) members.push(outcome.member);
		else withoutPhone.push(outcome.withoutPhone);
	});
	return {
		ok: true,
		isTest: false,
		targetId,
		members,
		withoutPhone,
		profileCount: profiles.length,
	};
}
