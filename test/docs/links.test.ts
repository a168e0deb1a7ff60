/**
 * The README and docs/ point at files and headings that exist, and the architecture page's tables
 * name paths that exist and symbols that are in them: a page that sends a newcomer to a moved file
 * or a renamed function fails here.
 */
import {
	readRepositoryFile,
	repositoryFileExists,
	repositoryFolderEntries,
} from '../support/repositoryFiles';

const PAGES = [
	'README.md',
	'BENCHMARKS.md',
	'CHANGELOG.md',
	...repositoryFolderEntries('docs')
		.filter((name) => name.endsWith('.md'))
		.map((name) => `docs/${name}`),
];

/** The page's text outside fenced code blocks. */
function prose(markdown: string): string {
	return markdown.replace(/^```[\s\S]*?^```/gm, '');
}

/** Heading anchors as GitHub makes them: lower case, punctuation dropped, spaces to dashes. */
function anchors(markdown: string): Set<string> {
	const seen = new Map<string, number>();
	const result = new Set<string>();
	for (const [, heading] of prose(markdown).matchAll(/^#{1,6}\s+(.+)$/gm)) {
		const base = heading
			.trim()
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\s_-]/gu, '')
			.replace(/\s/g, '-');
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		result.add(count === 0 ? base : `${base}-${count}`);
	}
	return result;
}

/** Where a relative link on `page` leads: the repository path and the anchor, if any. */
function resolveLink(page: string, target: string): { path: string; anchor?: string } {
	const [file, anchor] = target.split('#');
	const parts = page.split('/').slice(0, -1);
	for (const part of (file === '' ? page.split('/').pop()! : file).split('/')) {
		if (part === '..') parts.pop();
		else if (part !== '.') parts.push(part);
	}
	return { path: parts.join('/'), anchor };
}

interface Link {
	page: string;
	target: string;
	path: string;
	anchor?: string;
}

function relativeLinks(): Link[] {
	return PAGES.flatMap((page) =>
		[...prose(readRepositoryFile(page)).matchAll(/\]\(([^)\s]+)\)/g)]
			.map(([, target]) => target)
			.filter((target) => !/^[a-z]+:/i.test(target))
			.map((target) => ({ page, target, ...resolveLink(page, target) })),
	);
}

/** Why a link does not resolve, or undefined. */
function brokenBecause({ path, anchor }: Link): string | undefined {
	if (!repositoryFileExists(path)) return `${path} does not exist`;
	if (anchor === undefined || !path.endsWith('.md')) return undefined;
	return anchors(readRepositoryFile(path)).has(anchor) ? undefined : `no heading #${anchor}`;
}

describe('links in the README and docs/', () => {
	it('finds links to check', () => {
		expect(relativeLinks().length).toBeGreaterThan(20);
	});

	it('every relative link leads to a file, and to a heading when it names one', () => {
		const broken = relativeLinks()
			.map((link) => [link.page, link.target, brokenBecause(link)])
			.filter(([, , why]) => why !== undefined);
		expect(broken).toEqual([]);
	});
});

const REPOSITORY_PATH =
	/^(nodes|credentials|test|dev|bench|scripts|docs|examples)\/[^\s<>]*$|^[A-Z]+\.md$/;
const SYMBOL = /^'?[A-Za-z_][A-Za-z0-9_]*'?$/;

/**
 * Every table row of docs/architecture.md, cell by cell: each backticked repository path must
 * exist, and each backticked symbol after a file path (up to the next path) must be in that file.
 */
function architectureProblems(): string[] {
	const problems: string[] = [];
	const rows = readRepositoryFile('docs/architecture.md')
		.split('\n')
		.filter((line) => line.startsWith('| ') && !line.startsWith('| ---'));
	for (const row of rows)
		for (const cell of row.split(' | ')) {
			let file: string | undefined;
			for (const [, token] of cell.matchAll(/`([^`]+)`/g)) {
				if (REPOSITORY_PATH.test(token)) {
					if (!repositoryFileExists(token)) problems.push(`${token} does not exist`);
					file = token.endsWith('/') ? undefined : token;
				} else if (file && SYMBOL.test(token) && !readRepositoryFile(file).includes(token))
					problems.push(`${token} is not in ${file}`);
			}
		}
	return problems;
}

describe('docs/architecture.md', () => {
	it('names paths that exist and symbols that are in them', () => {
		expect(architectureProblems()).toEqual([]);
	});

	it('has the tables the checks read', () => {
		const text = readRepositoryFile('docs/architecture.md');
		expect(text).toContain('## Where each rule lives');
		expect(text).toContain('## Where to change what');
		expect(text).toContain('`SCREENS`');
	});
});
