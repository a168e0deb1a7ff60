/**
 * Reading engagement platforms' bodies, whose key case varies between their own samples
 * (`Identity` and `identity`, `Phone` and `phone`).
 */
import { isPlainObject } from '../../shared/validation';

export const asObject = (value: unknown): Record<string, unknown> | undefined =>
	isPlainObject(value) ? value : undefined;

/** A key regardless of case; the exact spelling wins when both are present. */
export function field(object: Record<string, unknown>, name: string): unknown {
	if (name in object) return object[name];
	const wanted = name.toLowerCase();
	for (const key in object) if (key.toLowerCase() === wanted) return object[key];
	return undefined;
}

/** A dotted path (`context.traits.phone`), each key regardless of case. */
export function fieldAt(object: unknown, path: string): unknown {
	let value: unknown = object;
	for (const key of path.split('.')) {
		const current = asObject(value);
		if (!current) return undefined;
		value = field(current, key);
	}
	return value;
}

export const isPresent = (value: unknown): boolean =>
	value !== undefined && value !== null && value !== '';

/** The first path holding a value: [value, path], or [undefined, ''] when none does. */
export function firstPresent(object: unknown, paths: readonly string[]): [unknown, string] {
	for (const path of paths) {
		const value = fieldAt(object, path);
		if (isPresent(value)) return [value, path];
	}
	return [undefined, ''];
}

/** The keys a body is read by, under their canonical names whatever their case in the body. */
export function canonicalKeys(names: readonly string[]): (body: unknown) => unknown {
	return (body) => {
		if (!isPlainObject(body)) return body;
		const view: Record<string, unknown> = {};
		for (const name of names) view[name] = field(body, name);
		return view;
	};
}
