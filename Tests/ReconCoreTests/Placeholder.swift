import XCTest
final class PlaceholderTests_ReconCoreTests: XCTestCase { func testNothing() {} }
