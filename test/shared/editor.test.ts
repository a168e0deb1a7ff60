/**
 * What a user reads in n8n's editor about every node of the package: canvas subtitles, node
 * descriptions and the action names of the node picker. Each node's own fields are tested in its
 * folder (test/Truecaller/editor.test.ts, test/TruePulse/editor.test.ts).
 */
import type { INodeParameters, INodeType } from 'n8n-workflow';

import { TruePulse } from '../../nodes/TruePulse/TruePulse.node';
import { TruePulseTrigger } from '../../nodes/TruePulse/TruePulseTrigger.node';
import { Truecaller } from '../../nodes/Truecaller/Truecaller.node';
import { TruecallerTrigger } from '../../nodes/Truecaller/TruecallerTrigger.node';
import { TruecallerAudienceTrigger } from '../../nodes/TruecallerAudience/TruecallerAudienceTrigger.node';
import { readRepositoryFile } from '../support/repositoryFiles';
import { evaluateOnNode } from '../support/expressionEngine';

/**
 * A node's canvas subtitle as n8n resolves it: the `={{ ... }}` expression evaluated by
 * n8n-workflow's expression engine, `$parameter` being the node's parameters in a workflow.
 */
function subtitle(node: INodeType, parameters: INodeParameters): string {
	const text = node.description.subtitle as string;
	expect(text).toMatch(/^=\{\{[\s\S]*\}\}$/);
	return evaluateOnNode(node, parameters, text, 1).value as string;
}

describe('canvas subtitles show display names', () => {
	it.each([
		[
			new Truecaller(),
			{ resource: 'verifiedCampaign', operation: 'send' },
			'Send Verified Campaign',
		],
		[
			new Truecaller(),
			{ resource: 'verifiedCampaign', operation: 'buildPayload' },
			'Build Verified Campaign Payload',
		],
		[
			new Truecaller(),
			{ resource: 'audience', operation: 'fromCleverTapWebhook' },
			'Audience from CleverTap',
		],
		[
			new Truecaller(),
			{ resource: 'audience', operation: 'fromSegmentEvent' },
			'Audience from Segment',
		],
		[
			new Truecaller(),
			{ resource: 'audience', operation: 'fromWebEngageWebhook' },
			'Audience from WebEngage',
		],
		[new TruePulse(), { resource: 'callEndEvent', operation: 'send' }, 'Send Call-End Event'],
		[new TruecallerAudienceTrigger(), {}, 'Segment'],
		[new TruecallerAudienceTrigger(), { platform: 'webEngage' }, 'WebEngage'],
		[new TruecallerTrigger(), { events: ['callMeBack'] }, 'Call Me Back'],
		[
			new TruecallerTrigger(),
			{ events: ['callMeBack', 'userFeedback', 'campaignInteraction'] },
			'Call Me Back, User Feedback, Campaign Interactions',
		],
	] as const)('%#: %p reads %p', (node, parameters, expected) => {
		expect(subtitle(node as INodeType, parameters as INodeParameters)).toBe(expected);
	});
});

describe('names and descriptions', () => {
	const nodes = [
		new Truecaller(),
		new TruecallerTrigger(),
		new TruecallerAudienceTrigger(),
		new TruePulse(),
		new TruePulseTrigger(),
	];
	it('every node has its own description', () => {
		const descriptions = nodes.map((node) => node.description.description);
		expect(new Set(descriptions).size).toBe(nodes.length);
	});

	it('a trigger names what the app does both ways: n8n shows it for the merged search entry', () => {
		expect(new TruecallerTrigger().description.description).toMatch(
			/^Send Truecaller for Business Verified Campaigns, or start a workflow on Call Me Back/,
		);
		expect(new TruePulseTrigger().description.description).toMatch(
			/^Send call-end events to True Pulse, or start a workflow/,
		);
		for (const node of [new Truecaller(), new TruePulse()])
			expect(node.description.description).not.toMatch(/start/i);
	});

	it('the node picker lists each action by the name the Operation list and the README use', () => {
		const operations = [new Truecaller(), new TruePulse()].flatMap((node) =>
			node.description.properties
				.filter((p) => p.name === 'operation')
				.flatMap((p) => p.options as Array<{ name: string; action?: string }>),
		);
		expect(operations.map((o) => o.action)).toEqual(operations.map((o) => o.name));
		expect(operations.map((o) => o.action)).toEqual(
			expect.arrayContaining(['Build Payload', 'Send', 'Send in Bulk', 'From CleverTap Webhook']),
		);
		const readme = readRepositoryFile('README.md');
		for (const { name } of operations) expect(readme).toContain(`**${name}**`);
	});
});
