import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { problem } from '../problems/problem-details';
import { cacheValidationMetadata } from './validation-metadata-cache';

function flatten(errors: ValidationError[], parent = ''): { field: string; message: string }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(/^\S+\s/, '').trim() || message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** class-validator at the edge: unknown properties are refused, and every fault is named. */
export function ledgerValidationPipe(): ValidationPipe {
  cacheValidationMetadata();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      const detail = fields.map(({ field, message }) => `${field} ${message}`).join('; ');
      return new BadRequestException(
        problem(
          400,
          'validation-failed',
          'The request is not valid',
          detail || 'The request body is not valid.',
          {
            errors: fields,
          },
        ),
      );
    },
  });
}
