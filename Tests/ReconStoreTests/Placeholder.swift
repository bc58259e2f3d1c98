import XCTest
final class PlaceholderTests_ReconStoreTests: XCTestCase { func testNothing() {} }
