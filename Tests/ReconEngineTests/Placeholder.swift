import XCTest
final class PlaceholderTests_ReconEngineTests: XCTestCase { func testNothing() {} }
