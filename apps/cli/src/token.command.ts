import { Command, CommandRunner, Option } from 'nest-commander';
import { ROLES } from '@ledger/domain';
import { AccessTokens, loadConfig } from '@ledger/platform';
import { UsageError } from './usage-error';

interface TokenOptions {
  sub?: string;
  name?: string;
  roles?: string[];
  authorities?: string[];
  expiresIn?: string;
}

@Command({
  name: 'token',
  description:
    'Mint a bearer token with the configured secret (LEDGER_JWT_SECRET, or the one kept in the data dir), ' +
    'e.g. token --sub alice --name "Alice Smith" --roles proposer',
})
export class TokenCommand extends CommandRunner {
  async run(_inputs: string[], options: TokenOptions): Promise<void> {
    if (!options.sub) throw new UsageError('--sub is required: the user id the token speaks for');
    if (!options.roles || options.roles.length === 0) {
      throw new UsageError(
        `--roles is required: one or more of ${ROLES.join(', ')}, comma-separated`,
      );
    }
    const tokens = new AccessTokens(loadConfig());
    const token = await tokens.mint(
      {
        sub: options.sub,
        name: options.name,
        roles: options.roles,
        authorities: options.authorities,
      },
      options.expiresIn ?? '8h',
    );
    process.stdout.write(`${token}\n`);
  }

  @Option({ flags: '--sub <id>', description: 'user id (the token subject)' })
  parseSub(value: string): string {
    if (!/^[\w.@:-]{1,200}$/.test(value))
      throw new UsageError('--sub must be 1-200 letters, digits or . @ : - _');
    return value;
  }

  @Option({
    flags: '--name <name>',
    description: "the person's name, recorded on every event they cause",
  })
  parseName(value: string): string {
    return value.trim().slice(0, 200);
  }

  @Option({ flags: '--roles <roles>', description: `comma-separated: ${ROLES.join(', ')}` })
  parseRoles(value: string): string[] {
    const roles = value
      .split(',')
      .map((role) => role.trim())
      .filter(Boolean);
    const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
    if (unknown.length > 0)
      throw new UsageError(`unknown role ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
    return roles;
  }

  @Option({
    flags: '--authorities <tiers>',
    description:
      'comma-separated delegation tiers a board member may decide under, e.g. investment-board',
  })
  parseAuthorities(value: string): string[] {
    return value
      .split(',')
      .map((tier) => tier.trim())
      .filter(Boolean);
  }

  @Option({
    flags: '--expires-in <duration>',
    description: 'lifetime such as 30m, 8h or 7d (default 8h)',
  })
  parseExpiresIn(value: string): string {
    if (!/^\d+\s?(s|m|h|d|w)$/.test(value))
      throw new UsageError('--expires-in must look like 30m, 8h or 7d');
    return value;
  }
}
