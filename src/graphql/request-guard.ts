import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, visit, type DocumentNode } from 'graphql';

/** NUL (PostgreSQL text cannot hold it) or a UTF-16 surrogate without its other half (not Unicode). */
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string is text the API can store as given: no NUL, no unpaired surrogate. */
export function isCleanText(value: string): boolean {
  return !BAD_TEXT.test(value);
}

/**
 * The path of the first string (or object key) in a JSON-like value that is not clean text, or
 * null. Iterative, so a hostile depth cannot overflow the stack.
 */
export function findUncleanText(root: unknown, rootPath: string): string | null {
  const stack: Array<[unknown, string]> = [[root, rootPath]];
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (!isCleanText(value)) return path;
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push([item, `${path}[${i}]`]));
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (!isCleanText(key)) return path;
        stack.push([item, `${path}.${key}`]);
      }
    }
  }
  return null;
}

const badText = (where: string) =>
  new GraphQLError(`${where} contains a NUL character or an unpaired surrogate: text must be valid Unicode without NUL`, {
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });

/** The first string literal of the document that is not clean text, named by its argument when it has one. */
function uncleanLiteral(document: DocumentNode): string | null {
  let found: string | null = null;
  visit(document, {
    Argument(node) {
      if (found) return false;
      let bad = false;
      visit(node.value, {
        StringValue(s) {
          if (!isCleanText(s.value)) bad = true;
        },
      });
      if (bad) found = `Argument "${node.name.value}"`;
      return false;
    },
    StringValue(node) {
      if (!found && !isCleanText(node.value)) found = 'A string in the operation';
    },
  });
  return found;
}

/**
 * Refuses, before execution, what no resolver should ever see: an operation name the document does
 * not hold (or none for a document of several), subscriptions (this API has none),
 * and text that PostgreSQL cannot store or that is not Unicode (NUL, unpaired surrogates) anywhere
 * in the variables or the operation's string literals. One place for every argument of every field.
 */
export const requestGuard: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, document, request }) {
        if (!operation) {
          const name = request.operationName;
          throw new GraphQLError(
            name ? `The document has no operation named ${JSON.stringify(name.slice(0, 100))}` : 'The document holds several operations: say which to run with operationName',
            { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } },
          );
        }
        if (operation.operation === 'subscription') {
          throw new GraphQLError('Subscriptions are not supported: send a query or a mutation', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
        for (const [name, value] of Object.entries(request.variables ?? {})) {
          const path = findUncleanText(value, name);
          if (path) throw badText(`Variable "$${path}"`);
        }
        const literal = uncleanLiteral(document);
        if (literal) throw badText(literal);
      },
    };
  },
};
