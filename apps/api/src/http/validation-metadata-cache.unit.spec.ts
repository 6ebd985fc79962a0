import 'reflect-metadata';
import { IsInt, IsString, MetadataStorage, validateSync } from 'class-validator';
import { getMetadataStorage } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache';

class Draft {
  @IsString()
  title!: unknown;
}

const draft = (values: Record<string, unknown>) => Object.assign(new Draft(), values);
const faults = (value: object) =>
  validateSync(value, { forbidUnknownValues: true }).map((error) => error.property);

describe('class-validator rule lookup kept per class (issue 20)', () => {
  beforeAll(() => cacheValidationMetadata());

  it('still applies every rule on every validation', () => {
    expect(faults(draft({ title: 'Network' }))).toEqual([]);
    expect(faults(draft({ title: 42 }))).toEqual(['title']);
    expect(faults(draft({ title: 'Network' }))).toEqual([]);
    expect(faults(draft({ title: null }))).toEqual(['title']);
  });

  it('forgets what it kept when a rule is registered later', () => {
    expect(faults(draft({ title: 'Network', years: 'five' }))).toEqual([]);
    IsInt()(Draft.prototype, 'years');
    expect(faults(draft({ title: 'Network', years: 'five' }))).toEqual(['years']);
  });

  it('answers for the storage it was installed on once, however often it is installed', () => {
    const storage = getMetadataStorage();
    const lookup = storage.getTargetValidationMetadatas;
    cacheValidationMetadata();
    expect(storage.getTargetValidationMetadatas).toBe(lookup);
    expect(storage).toBeInstanceOf(MetadataStorage);
  });
});
