import type { INode, INodeParameters, INodeType, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

/**
 * What n8n's expression engine (n8n-workflow, the version this package builds against) makes of a
 * template on one node of a type, `$parameter` being its parameters once the workflow has applied
 * the defaults, as n8n does before it resolves a subtitle or a webhook field.
 */
export function evaluateOnNode(
	type: INodeType,
	parameters: INodeParameters,
	template: string,
	typeVersion: number,
): { value: unknown; parameters: INodeParameters } {
	const node: INode = {
		id: 'node-on-canvas',
		name: 'Node on canvas',
		type: `n8n-nodes-truecaller.${type.description.name}`,
		typeVersion,
		position: [0, 0],
		parameters,
	};
	const nodeTypes = {
		getByName: () => type,
		getByNameAndVersion: () => type,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const withDefaults = workflow.nodes[node.name];
	return {
		value: workflow.expression.getSimpleParameterValue(withDefaults, template, 'internal', {}),
		parameters: withDefaults.parameters,
	};
}
