import type { ZodType } from 'zod';
import type { SourceLocation } from '../inventory/types.js';
import { YamlFile, type YamlPath } from '../inventory/yaml-file.js';
import { PlaybookError, asPlaybookError } from './errors.js';

/**
 * The playbook's view of the inventory's YAML reader (src/inventory/yaml-file.ts): parse once,
 * validate with zod, and turn any path into `file:line:column`. Every error is a PlaybookError.
 */
export class YamlDoc {
  private readonly file: YamlFile;

  constructor(display: string, text: string) {
    try {
      this.file = YamlFile.fromText(display, text);
    } catch (e) {
      throw asPlaybookError(e);
    }
  }

  get data(): unknown {
    return this.file.data;
  }

  at(path: YamlPath, part: 'key' | 'value' = 'value'): SourceLocation {
    return this.file.locate(path, part);
  }

  fail(path: YamlPath, reason: string, part: 'key' | 'value' = 'value'): PlaybookError {
    return new PlaybookError(this.at(path, part), reason);
  }

  parse<T>(schema: ZodType<T>, value: unknown, path: YamlPath): T {
    try {
      return this.file.parse(schema, value, path);
    } catch (e) {
      throw asPlaybookError(e);
    }
  }
}
