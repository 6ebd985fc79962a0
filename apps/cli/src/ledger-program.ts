import { Injectable } from '@nestjs/common';
import { CommandRunner, InjectCommander } from 'nest-commander';

type Program = Parameters<CommandRunner['setCommand']>[0];

/**
 * nest-commander names the program after the script (`main`) and builds each command without the
 * program's error handler, so commander would print a usage error and exit 1 by itself (where the
 * README promises 2) and accept stray arguments. This finishes the program it built.
 */
@Injectable()
export class LedgerProgram {
  constructor(@InjectCommander() private readonly program: Program) {}

  finish(onUsageError: (error: Error) => never): void {
    this.program
      .name('ledger')
      .description(
        "The ICT investment ledger's command line, on the same configuration as the API. " +
          'Exit codes: 0 success, 1 a check failed, 2 a usage error, 78 invalid configuration.',
      );
    for (const command of this.program.commands) {
      command.exitOverride(onUsageError);
      command.allowExcessArguments(false);
    }
  }
}
