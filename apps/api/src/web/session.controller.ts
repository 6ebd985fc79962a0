import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessTokens, DEMO_SIGN_IN_PEOPLE } from '@ledger/platform';
import { Public } from '../auth/access.decorators';
import { ApiProblems } from '../problems/api-problems.decorator';
import { problem } from '../problems/problem-details';
import { DemoSessionRequest } from './session.request';
import { DemoSessionResponse, SignInOptionsResponse } from './session.response';
import { SIGN_IN_OPTIONS, type SignInOptions } from './sign-in-options';

/** Demo tokens are for trying the ledger out: long enough for a look around, short enough to lapse. */
const DEMO_TOKEN_LIFETIME_SECONDS = 60 * 60;

@ApiTags('session')
@Public()
@Controller('session')
export class SessionController {
  constructor(@Inject(SIGN_IN_OPTIONS) private readonly options: SignInOptions) {}

  @Get()
  @ApiOperation({
    operationId: 'getSignInOptions',
    summary:
      'How to sign in: the demo people, the OpenID Connect client, or why neither is available',
  })
  @ApiOkResponse({ type: SignInOptionsResponse })
  @ApiProblems()
  signInOptions(): SignInOptions {
    return this.options;
  }
}

/** Registered only outside production with HS256 tokens; in production the route does not exist. */
@ApiTags('session')
@Public()
@Controller('session')
export class DemoSessionController {
  constructor(@Inject(AccessTokens) private readonly tokens: AccessTokens) {}

  @Post('demo')
  @HttpCode(201)
  @ApiOperation({
    operationId: 'signInAsDemoPerson',
    summary: 'Outside production: a short-lived token for one of the demo people',
  })
  @ApiCreatedResponse({ type: DemoSessionResponse })
  @ApiProblems(400, 404, 413)
  async signIn(@Body() body: DemoSessionRequest): Promise<DemoSessionResponse> {
    const person = DEMO_SIGN_IN_PEOPLE.find((candidate) => candidate.id === body.personId);
    if (!person) {
      throw new NotFoundException(
        problem(
          404,
          'demo-person-not-found',
          'No such demo person',
          `There is no demo person "${body.personId}"; GET /api/v1/session lists them.`,
        ),
      );
    }
    const accessToken = await this.tokens.mint(
      { sub: person.id, name: person.name, roles: person.roles, authorities: person.authorities },
      `${DEMO_TOKEN_LIFETIME_SECONDS}s`,
    );
    return {
      accessToken,
      expiresAt: new Date(Date.now() + DEMO_TOKEN_LIFETIME_SECONDS * 1000).toISOString(),
      person: { ...person, roles: [...person.roles], authorities: [...person.authorities] },
    };
  }
}
