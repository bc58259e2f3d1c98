import Foundation

/// Lists the files of an inbox folder that a job should ingest, in byte order
/// of their names (SPEC §3.3: "already settled" may mean settled by an earlier
/// file of the same run, so the order must be stable and locale-free).
struct InboxScanner {
    struct Entry: Sendable {
        var name: String
        var path: String
    }

    struct Refusal: Sendable {
        var name: String
        var reason: String
    }

    let folder: String
    let pattern: String

    /// Regular files matching `pattern`. Hidden files (`.partial` uploads) are
    /// ignored; symbolic links and other non-regular entries are refused, since
    /// a link may point outside the inbox.
    func scan() throws(InputError) -> (files: [Entry], refused: [Refusal]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw InputError(file: folder, "cannot list the inbox folder: check that it exists and is readable")
        }
        var files: [Entry] = []
        var refused: [Refusal] = []
        for name in names where !name.hasPrefix(".") && fnmatch(pattern, name, 0) == 0 {
            let path = (folder as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(path, &info) == 0 else {
                refused.append(Refusal(name: name, reason: "cannot stat: \(String(cString: strerror(errno)))"))
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                files.append(Entry(name: name, path: path))
            case S_IFLNK:
                refused.append(Refusal(name: name, reason: "is a symbolic link; recon reads only regular files in the inbox"))
            case S_IFDIR:
                continue
            default:
                refused.append(Refusal(name: name, reason: "is not a regular file"))
            }
        }
        files.sort { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
        return (files, refused)
    }
}
