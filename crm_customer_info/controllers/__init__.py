from . import workbook
from . import portal
