'use strict';
/**
 * The command line of a benchmark set only through its environment: --help (or -h) prints what it
 * measures and the variables it reads, and any other argument is refused with the same text, so a
 * mistyped option never starts a long run.
 */
function exitOnHelp(help, argv = process.argv.slice(2)) {
	if (argv.length === 0) return;
	const asked = argv.every((arg) => arg === '--help' || arg === '-h');
	(asked ? console.log : console.error)(help);
	process.exit(asked ? 0 : 2);
}

module.exports = { exitOnHelp };
