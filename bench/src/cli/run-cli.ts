import { ConfigError } from '@omni/config';
import { CliArgumentError } from './cli-args';

/**
 * Runs a command's main and exits with its code: 2 for a bad flag, 1 for a bad setting or any
 * other failure. Flag and setting errors print just their message; anything else its stack.
 */
export function runCli(main: () => Promise<number>): void {
  main()
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      console.error(
        error instanceof CliArgumentError || error instanceof ConfigError
          ? `error: ${error.message}`
          : error,
      );
      process.exit(error instanceof CliArgumentError ? 2 : 1);
    });
}
