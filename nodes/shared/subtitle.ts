/**
 * Canvas subtitles that read as the editor's own labels ("Send Verified Campaign", "Call Me Back")
 * instead of parameter values, built from the same option lists the node's dropdowns show.
 */
import type { INodePropertyOptions } from 'n8n-workflow';

/** An operation's dropdown option, plus how the canvas names it with its resource. */
export interface OperationOption extends Omit<INodePropertyOptions, 'action'> {
	value: string;
	subtitle: string;
}

/**
 * The dropdown options, without the subtitle n8n does not know. The action (the name n8n's node
 * picker lists) is the operation's name, so the picker, the Operation list and the README agree.
 */
export function dropdownOptions(operations: OperationOption[]): INodePropertyOptions[] {
	return operations.map((operation) => {
		const option: INodePropertyOptions & { subtitle?: string } = {
			...operation,
			action: operation.name,
		};
		delete option.subtitle;
		return option;
	});
}

/** `={{ {"resource:operation": "Subtitle", ...}[resource + ":" + operation] }}` */
export function operationSubtitle(byResource: Record<string, OperationOption[]>): string {
	const names: Record<string, string> = {};
	for (const [resource, operations] of Object.entries(byResource))
		for (const operation of operations)
			names[`${resource}:${operation.value}`] = operation.subtitle;
	return `={{ ${JSON.stringify(names)}[$parameter["resource"] + ":" + $parameter["operation"]] }}`;
}

/** The display names of the values chosen in a multi-options parameter, joined by commas. */
export function chosenNamesSubtitle(
	parameter: string,
	options: Array<{ name: string; value: string }>,
): string {
	const names = Object.fromEntries(options.map((option) => [option.value, option.name]));
	return `={{ ($parameter["${parameter}"] || []).map(value => (${JSON.stringify(names)})[value] || value).join(", ") }}`;
}
