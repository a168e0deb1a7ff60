/**
 * CleverTap webhook campaign bodies (CleverTap webhook campaign docs; README, "Audience") turned into one audience member
 * per profile: `profiles` is an array in broadcasts and one object otherwise, key case varies
 * between CleverTap's own samples, and the phone is a top-level E.164 `phone` in newer bodies or
 * sits in the profile data in older ones. Pure, one pass, profiles referenced, never copied.
 */
import { toTruecallerNumber } from '../../shared/phone';
import { describe, isPlainObject } from '../../shared/validation';

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
	| { ok: false; reason: string };

/** A key regardless of case (`Identity` and `identity`, `Event_properties` and `event_properties`). */
function field(object: Record<string, unknown>, name: string): unknown {
	if (name in object) return object[name];
	const wanted = name.toLowerCase();
	for (const key in object) if (key.toLowerCase() === wanted) return object[key];
	return undefined;
}

const asObject = (value: unknown): Record<string, unknown> | undefined =>
	isPlainObject(value) ? value : undefined;

function findPhone(
	profile: Record<string, unknown>,
	profileData: Record<string, unknown> | undefined,
): [unknown, string] {
	const direct = field(profile, 'phone');
	if (direct !== undefined && direct !== null && direct !== '') return [direct, 'phone'];
	const nested = profileData ? field(profileData, 'phone') : undefined;
	if (nested !== undefined && nested !== null && nested !== '')
		return [nested, 'profileData.phone'];
	return [undefined, ''];
}

function profileLabel(profile: Record<string, unknown>, index: number): string {
	for (const key of ['identity', 'objectId', 'email']) {
		const value = field(profile, key);
		if (typeof value === 'string' && value) return `profile ${index} (${key} ${value})`;
	}
	return `profile ${index}`;
}

export function isTestBody(body: Record<string, unknown>): boolean {
	const flag = field(body, 'is_test');
	return flag === true || flag === 'true';
}

export function parseCleverTapBody(input: unknown, countryCode: string): CleverTapParse {
	let body = input;
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch (error) {
			return {
				ok: false,
				reason: `the CleverTap body is not valid JSON (${(error as Error).message})`,
			};
		}
	}
	if (!isPlainObject(body))
		return { ok: false, reason: `the CleverTap body must be a JSON object; got ${describe(body)}` };
	const targetId = field(body, 'targetId') ?? null;
	if (isTestBody(body))
		return { ok: true, isTest: true, targetId, members: [], withoutPhone: [], profileCount: 0 };

	const rawProfiles = field(body, 'profiles');
	const profiles = Array.isArray(rawProfiles)
		? rawProfiles
		: isPlainObject(rawProfiles)
			? [rawProfiles]
			: undefined;
	if (!profiles)
		return {
			ok: false,
			reason: `the CleverTap body has no "profiles" (an array or an object); got ${describe(rawProfiles)}`,
		};

	const campaignKeyValues = asObject(field(body, 'key_values')) ?? {};
	const members: AudienceMember[] = [];
	const withoutPhone: ProfileWithoutPhone[] = [];
	profiles.forEach((candidate, index) => {
		const profile = asObject(candidate);
		if (!profile) {
			withoutPhone.push({
				index,
				label: `profile ${index}`,
				reason: `is not an object (${describe(candidate)})`,
				profile: candidate,
			});
			return;
		}
		const profileData = asObject(field(profile, 'profileData'));
		const [phone, phoneSource] = findPhone(profile, profileData);
		if (phone === undefined) {
			withoutPhone.push({
				index,
				label: profileLabel(profile, index),
				reason: 'has no phone (looked at phone and profileData.phone)',
				profile,
			});
			return;
		}
		const number = toTruecallerNumber(phone, countryCode);
		if (!number.ok) {
			withoutPhone.push({
				index,
				label: profileLabel(profile, index),
				reason: `has an unusable ${phoneSource}: ${number.reason}`,
				profile,
			});
			return;
		}
		const ownKeyValues = asObject(field(profile, 'key_values'));
		members.push({
			phone: String(phone),
			phoneSource,
			receiver: number.value,
			identity: field(profile, 'identity') ?? null,
			email: field(profile, 'email') ?? null,
			name:
				field(profile, 'name') ?? (profileData ? field(profileData, 'name') : undefined) ?? null,
			cleverTapId: field(profile, 'objectId') ?? null,
			profileData: profileData ?? null,
			eventProperties: field(profile, 'event_properties') ?? null,
			pushToken: field(profile, 'push_token') ?? null,
			targetId,
			keyValues: ownKeyValues ? { ...campaignKeyValues, ...ownKeyValues } : campaignKeyValues,
			profile,
		});
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
