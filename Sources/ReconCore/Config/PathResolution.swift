import Foundation

/// Relative paths in job files and keyrings resolve against the folder of the
/// file that names them (SPEC §3.2, §8), never against the working directory.
public enum PathResolution {
    public static func resolve(_ path: String, against folder: String) -> String {
        let joined = path.hasPrefix("/") ? path : (folder as NSString).appendingPathComponent(path)
        return (joined as NSString).standardizingPath
    }

    public static func absolute(_ path: String) -> String {
        resolve(path, against: FileManager.default.currentDirectoryPath)
    }
}
