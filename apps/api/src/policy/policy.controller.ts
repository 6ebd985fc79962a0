import { Body, Controller, Get, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdoptPolicyCommand, GetPolicyQuery } from '@ledger/ledger';
import { Roles } from '../auth/access.decorators';
import { ReadOperation, WriteOperation } from '../http/api-operations';
import { versionTag } from '../http/entity-tag';
import { Write, type WriteCall } from '../http/write-call';
import { AdoptPolicyRequest } from './policy.request';
import { PolicyResponse } from './policy.response';

@ApiTags('policy')
@ApiBearerAuth()
@Controller('policy')
export class PolicyController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Put()
  @Roles('admin')
  @WriteOperation({
    operationId: 'adoptPolicy',
    summary:
      'Adopt a governance policy: delegation tiers, required reviews, criteria weights, discount rate',
    description:
      "Answers the policy stream's new version as `version` and ETag (the revision), and the log position of the adoption as `position`, which is the policy's `version` in GET /policy and in decision snapshots.",
    ifMatch: 'optional',
    problems: [403],
  })
  adopt(@Body() body: AdoptPolicyRequest, @Write() call: WriteCall) {
    const policy = {
      delegation: body.delegation,
      requiredReviewKinds: body.requiredReviewKinds,
      criteriaWeights: { ...body.criteriaWeights },
      discountRate: body.discountRate,
      fullBusinessCaseAbove: body.fullBusinessCaseAbove,
      ...(body.keyDecisionThreshold !== undefined
        ? { keyDecisionThreshold: body.keyDecisionThreshold }
        : {}),
      ...(body.splitSpendWindowDays !== undefined
        ? { splitSpendWindowDays: body.splitSpendWindowDays }
        : {}),
      // Left out, it was dropped here: the switch could never be turned on over HTTP.
      ...(body.enforceRevenueEnvelope !== undefined
        ? { enforceRevenueEnvelope: body.enforceRevenueEnvelope }
        : {}),
    };
    return this.commands.execute(new AdoptPolicyCommand(policy, call.context, call.ifMatch));
  }

  @Get()
  @ReadOperation({
    operationId: 'readPolicy',
    summary: 'The governance policy in force now',
    type: PolicyResponse,
    tagOf: versionTag((policy) => policy.revision),
    etag: 'The revision, e.g. "2": send it as If-Match to PUT /policy',
  })
  read() {
    return this.queries.execute(new GetPolicyQuery());
  }
}
