import { firstClosedFolder, type FolderStat } from './embedded';

const postgres = { uid: 101, gids: [104, 103] };
const folder = (path: string, mode: number, uid = 0, gid = 0): FolderStat => ({ path, mode, uid, gid });

describe('firstClosedFolder', () => {
  test('folders everyone may enter are open', () => {
    expect(firstClosedFolder([folder('/', 0o755), folder('/srv', 0o755), folder('/srv/app', 0o711)], postgres)).toBeUndefined();
  });

  test("root's private home is closed to the postgres user", () => {
    expect(firstClosedFolder([folder('/', 0o755), folder('/root', 0o700), folder('/root/x', 0o755)], postgres)).toBe('/root');
  });

  test("the owner's bits decide for the owner, even when everyone else may enter", () => {
    expect(firstClosedFolder([folder('/data', 0o700, 101)], postgres)).toBeUndefined();
    expect(firstClosedFolder([folder('/data', 0o075, 101)], postgres)).toBe('/data');
  });

  test("the group's bits decide for a member of the group", () => {
    expect(firstClosedFolder([folder('/shared', 0o750, 0, 103)], postgres)).toBeUndefined();
    expect(firstClosedFolder([folder('/shared', 0o701, 0, 104)], postgres)).toBe('/shared');
  });

  test('a user that does not exist yet gets the bits of everyone else', () => {
    expect(firstClosedFolder([folder('/home/dev', 0o750, 1000, 1000)], { uid: -1, gids: [] })).toBe('/home/dev');
  });

  test('read permission without search permission is not enough', () => {
    expect(firstClosedFolder([folder('/opt', 0o744)], postgres)).toBe('/opt');
  });
});
